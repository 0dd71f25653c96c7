export const word = 'alpha';
