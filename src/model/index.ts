export * from './model.js';
export * from './operations.js';
export * from './validate.js';
export * from './quota.js';
export * from './catalogs.js';
export * from './enums.generated.js';
