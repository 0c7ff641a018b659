// Moved to src/util (the emulator's seed reader shares it).
export * from '../util/yaml-lex.js';
