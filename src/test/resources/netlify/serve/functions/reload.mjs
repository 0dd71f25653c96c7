import { word } from './_lib/word.mjs';
export default async () => new Response(`version one ${word}`);
