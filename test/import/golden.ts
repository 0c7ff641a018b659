/** Golden files of the import tests: compare with test/import/golden/NAME, or rewrite it when UPDATE_GOLDEN=1. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenIn } from '../support/golden.js';

export const expectGolden = goldenIn(join(dirname(fileURLToPath(import.meta.url)), 'golden'));
