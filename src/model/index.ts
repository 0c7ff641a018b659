export * from './model.js';
export * from './operations.js';
export * from './validate.js';
export * from './quota.js';
