// Bundles the command line (dist/cli/main.js, as tsc wrote it) into a few files, in place.
//
// Why: Node 20 loads an ES module graph file by file (resolve, read, compile, link), and on a
// modest machine the ~120 modules that stand between `node` and the first API call took about
// 0.25 s, more than the process start itself. Bundled, the same code loads in a few reads. The
// commands' dynamic imports stay dynamic (code splitting), so `--version` and `--help` still load
// none of what the commands do; test/cli/startup.test.ts holds that. The bundler keeps in one
// file the modules the same set of lazily loaded parts reach, so the commands load through three
// stages (src/cli/stages/) and the files on the way to the first call stay few.
//
// The chunks go beside main.js in dist/cli/: code that finds a file of the package relative to
// its own module (the service model, the schemas, package.json) finds it at the same depth from
// there as from dist/<folder>/ and src/<folder>/. The library (dist/index.js) is not bundled.
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const ENTRY = 'dist/cli/main.js';

// The chunks of an earlier build: their names change with their content.
for (const name of readdirSync('dist/cli')) if (name.startsWith('chunk-')) rmSync(`dist/cli/${name}`);
rmSync('dist/cli/credentials', { recursive: true, force: true });

// The CommonJS packages inside (the signer's helpers, commander, yaml) call require, for Node's
// own modules: each file gets one, made from its own URL. Only the files that use it keep it:
// making one costs a little, and the files on the way to the first call are many.
const REQUIRE = "import { createRequire as __cosellRequire } from 'node:module';\nconst require = __cosellRequire(import.meta.url);\n";

// What both bundles share: split ES modules for Node 20, each file with its require.
const SPLIT_FOR_NODE = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The ES module build of a package where it has one (jsonc-parser's CommonJS build requires its parts at run time).
  mainFields: ['module', 'main'],
  chunkNames: 'chunk-[name]-[hash]',
  banner: { js: REQUIRE.trimEnd() },
  legalComments: 'inline',
  logLevel: 'warning',
};

// The AWS SDK's credential provider chain is a bundle of its own (dist/cli/credentials/), loaded
// only when the environment holds no keys (src/api/credentials.ts). Bundled with the rest, its
// dozen lazily loaded parts share @smithy modules with the signer, and the splitting then cut
// those into many files with much code the signer never runs, all on the way to the first call.
// Nothing but plain credentials passes between the two, so each may have its own copy.
const CREDENTIALS = '@aws-sdk/credential-providers';
await build({
  ...SPLIT_FOR_NODE,
  stdin: { contents: `export { fromNodeProviderChain } from '${CREDENTIALS}';`, resolveDir: '.', sourcefile: 'credentials.js' },
  outdir: 'dist/cli/credentials',
  entryNames: 'index',
});
const credentialsBundle = {
  name: 'credentials-bundle',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/credential-providers$/ }, () => ({ path: './credentials/index.js', external: true }));
  },
};

await build({
  ...SPLIT_FOR_NODE,
  entryPoints: [ENTRY],
  plugins: [credentialsBundle],
  outdir: 'dist/cli',
  allowOverwrite: true,
  entryNames: '[name]',
});
const bundled = [
  ...readdirSync('dist/cli').flatMap((n) => (n.startsWith('chunk-') || `dist/cli/${n}` === ENTRY ? [`dist/cli/${n}`] : [])),
  ...readdirSync('dist/cli/credentials').map((n) => `dist/cli/credentials/${n}`),
];
for (const file of bundled) {
  if (!file.endsWith('.js')) continue;
  const text = readFileSync(file, 'utf8');
  if (!text.includes(REQUIRE)) continue;
  const rest = text.replace(REQUIRE, '');
  // Any other mention of the name keeps it, even in a string or a comment: dropping it wrongly
  // would fail at run time, keeping it wrongly only costs its making.
  if (!/\brequire\b/.test(rest)) writeFileSync(file, rest);
}
// tsc's source map describes the file that was just replaced.
rmSync(`${ENTRY}.map`, { force: true });
chmodSync(ENTRY, 0o755);
