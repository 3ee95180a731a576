// Copies the browser builds of the portal's npm packages into its static folder
// (static/vendor/), so pages load them from the portal itself: no CDN, no bundler.
// Idempotent: a file whose bytes already match is left alone, files no package
// ships any more are removed, and a run with nothing to do only reads.
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const MODULES = join(HERE, 'node_modules')
const VENDOR = join(HERE, '..', 'src', 'spin_portal', 'static', 'vendor')

// package -> { file in the package: name under vendor/<package>/ }
const FILES = {
  uppy: {
    'dist/uppy.min.mjs': 'uppy.min.mjs',
    'dist/uppy.min.css': 'uppy.min.css',
    LICENSE: 'LICENSE',
  },
  plyr: {
    'dist/plyr.min.mjs': 'plyr.min.mjs',
    'dist/plyr.css': 'plyr.css',
    // Plyr's icons; the player points its iconUrl here instead of Plyr's CDN.
    'dist/plyr.svg': 'plyr.svg',
    'LICENSE.md': 'LICENSE.md',
  },
  sortablejs: {
    'modular/sortable.esm.js': 'sortable.esm.js',
    'Sortable.min.js': 'Sortable.min.js',
    LICENSE: 'LICENSE',
  },
  // Uppy's own words in the portal's other languages (a dependency of uppy, pinned by its lock).
  '@uppy/locales': {
    'lib/nl_NL.js': 'nl_NL.mjs',
    'lib/he_IL.js': 'he_IL.mjs',
    LICENSE: 'LICENSE',
  },
}
// Where a package goes under vendor/ when not under its own name (no "@" or "/" in URLs).
const FOLDERS = { '@uppy/locales': 'uppy-locales' }

function digest(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

function sameBytes(source, target) {
  return existsSync(target) && digest(source) === digest(target)
}

function versionOf(name) {
  const manifest = JSON.parse(readFileSync(join(MODULES, name, 'package.json'), 'utf8'))
  return manifest.version
}

function writeIfChanged(path, text) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false
  writeFileSync(path, text)
  return true
}

function listFiles(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? listFiles(path) : [path]
  })
}

function copyPackages() {
  const wanted = new Set()
  let copied = 0
  for (const [name, files] of Object.entries(FILES)) {
    for (const [from, to] of Object.entries(files)) {
      const source = join(MODULES, name, from)
      const target = join(VENDOR, FOLDERS[name] ?? name, to)
      if (!existsSync(source)) {
        throw new Error(`${name} has no ${from}: run npm ci in ${relative(process.cwd(), HERE) || '.'}`)
      }
      wanted.add(target)
      if (sameBytes(source, target)) continue
      mkdirSync(dirname(target), { recursive: true })
      copyFileSync(source, target)
      copied += 1
    }
  }
  return { wanted, copied }
}

function removeStale(wanted) {
  let removed = 0
  for (const path of listFiles(VENDOR)) {
    if (wanted.has(path)) continue
    rmSync(path)
    removed += 1
  }
  return removed
}

function main() {
  if (!existsSync(MODULES)) {
    throw new Error(`no node_modules next to ${fileURLToPath(import.meta.url)}: run npm ci there first`)
  }
  const { wanted, copied } = copyPackages()
  const versions = Object.fromEntries(Object.keys(FILES).map((name) => [name, versionOf(name)]))
  const versionsFile = join(VENDOR, 'VERSIONS.json')
  wanted.add(versionsFile)
  const rewrote = writeIfChanged(versionsFile, `${JSON.stringify(versions, null, 2)}\n`)
  const removed = removeStale(wanted)
  if (copied || removed || rewrote) {
    console.log(`static/vendor: ${copied} copied, ${removed} removed (${Object.entries(versions).map(([n, v]) => `${n} ${v}`).join(', ')})`)
  }
}

try {
  main()
} catch (error) {
  console.error(`copy-vendor: ${error.message}`)
  process.exit(1)
}
