// The YAML-with-positions helpers moved to src/util (the emulator's seed uses them too).
export * from '../util/yaml-path.js';
