exports.word = 'alpha';
