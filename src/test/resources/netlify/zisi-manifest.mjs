// Runs Netlify's own tools on a project and prints the manifest they write, for ZisiConformanceIT.
// Usage: node zisi-manifest.mjs TOOLS_DIR PROJECT_DIR OUT_DIR
// @netlify/config resolves netlify.toml (functions directory, normalized [functions] sections);
// their settings reach @netlify/zip-it-and-ship-it the way @netlify/build hands them over
// (packages/build/src/plugins_core/functions/zisi.ts, normalizeFunctionConfig).
import { createRequire } from 'module'
import { readFileSync } from 'fs'
import { join } from 'path'
import { pathToFileURL } from 'url'

const [toolsDir, project, outDir] = process.argv.slice(2)
const requireTool = createRequire(join(toolsDir, 'package.json'))
const load = async (name) => import(pathToFileURL(requireTool.resolve(name)).href)
const { resolveConfig } = await load('@netlify/config')
const { zipFunctions } = await load('@netlify/zip-it-and-ship-it')

const { config } = await resolveConfig({ cwd: project, repositoryRoot: project, offline: true, mode: 'cli', buffer: true })
const functionsConfig = Object.fromEntries(
  Object.entries(config.functions || {}).map(([pattern, c]) => [
    pattern,
    {
      externalNodeModules: c.external_node_modules,
      includedFiles: c.included_files,
      name: c.name,
      includedFilesBasePath: project,
      ignoredNodeModules: c.ignored_node_modules,
      schedule: c.schedule,
      nodeBundler: c.node_bundler === 'esbuild' ? 'esbuild_zisi' : c.node_bundler,
    },
  ]),
)
const manifest = join(outDir, 'manifest.json')
await zipFunctions(config.functionsDirectory, outDir, {
  basePath: project,
  repositoryRoot: project,
  config: functionsConfig,
  manifest,
})
process.stdout.write(readFileSync(manifest, 'utf8'))
