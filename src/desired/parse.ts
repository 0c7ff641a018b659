import { readYaml, type ParsedFile, type YamlFileKind } from '../util/yaml-read.js';

// The YAML-with-positions reader is shared with the emulator's seed (src/util/yaml-read.ts); a
// stack file is read with the stack's wording.
export { MAX_ALIAS_COUNT, yamlProblems, type ParsedFile } from '../util/yaml-read.js';

const STACK_FILE: YamlFileKind = {
  name: 'a stack file',
  empty: 'the file is empty; a stack file is a mapping (version, stack, snapshotJobs, …)',
};

export function parseYaml(file: string, text: string): ParsedFile {
  return readYaml(file, text, STACK_FILE);
}
