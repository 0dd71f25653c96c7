'use strict'
// Checks the syntax of function files without running them, many in one process; Understudy's
// NodeSyntaxCheck passes "MODE:FILE" arguments and reads one JSON line per file it must hear of.
// MODE: script (CommonJS), module (ES module), detect (CommonJS unless ES module syntax makes it
// fail, as Node's own module detection does); ts-* the same for TypeScript, checked only when this
// Node can strip types (module.stripTypeScriptTypes, Node 22.13+), else reported as skipped.
const fs = require('fs')
const vm = require('vm')
const childProcess = require('child_process')
const nodeModule = require('module')

const stripTypes = typeof nodeModule.stripTypeScriptTypes === 'function' ? nodeModule.stripTypeScriptTypes : null
const ESM_ONLY = /Cannot use import statement|Unexpected token 'export'|await is only valid|Cannot use 'import\.meta'/
const CJS_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname']

const report = (entry) => process.stdout.write(JSON.stringify(entry) + '\n')

// A V8 SyntaxError's stack starts "FILE:LINE", the source line, then a caret line under the column.
const position = (text) => {
  const lines = String(text).split('\n')
  const head = /:(\d+)$/.exec(lines[0] || '')
  if (!head) return { line: 0, column: 0 }
  const caret = (lines[2] || '').indexOf('^')
  return { line: Number(head[1]), column: caret >= 0 ? caret + 1 : 0 }
}

const asScript = (file, source) => {
  vm.compileFunction(source, CJS_PARAMS, { filename: file })
}

// vm.SourceTextModule knows no positions; `node --check` does, so it is asked only on failure.
const asModule = (file, source) => {
  try {
    new vm.SourceTextModule(source, { identifier: file })
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    const check = childProcess.spawnSync(process.execPath, ['--input-type=module', '--check'], { input: source })
    const err = new SyntaxError(error.message)
    err.where = position(String(check.stderr))
    throw err
  }
}

const check = (mode, file, source) => {
  if (mode === 'script') return asScript(file, source)
  if (mode === 'module') return asModule(file, source)
  try {
    asScript(file, source)
  } catch (error) {
    if (!(error instanceof SyntaxError) || !ESM_ONLY.test(error.message)) throw error
    asModule(file, source)
  }
}

for (const arg of process.argv.slice(1)) {
  const colon = arg.indexOf(':')
  let mode = arg.slice(0, colon)
  const file = arg.slice(colon + 1)
  try {
    let source = fs.readFileSync(file, 'utf8')
    if (mode.startsWith('ts-')) {
      if (!stripTypes) {
        report({ file, skipped: 'this Node.js cannot strip TypeScript types (22.13 or newer can)' })
        continue
      }
      try {
        source = stripTypes(source, { mode: 'strip' })
      } catch (error) {
        if (error.code === 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX') {
          report({ file, skipped: 'it uses TypeScript that only a compiler can remove (' + error.message.split('\n')[0] + ')' })
          continue
        }
        const at = /\[(\d+):(\d+)\]/.exec(error.message) || []
        report({ file, line: Number(at[1] || 0), column: Number(at[2] || 0), message: error.message.split('\n')[0] })
        continue
      }
      mode = mode.slice(3)
    }
    check(mode, file, source)
  } catch (error) {
    if (error instanceof SyntaxError) {
      const at = error.where || position(error.stack)
      report({ file, line: at.line, column: at.column, message: 'SyntaxError: ' + error.message })
    } else {
      report({ file, line: 0, column: 0, message: 'cannot check: ' + (error && error.message) })
    }
  }
}
