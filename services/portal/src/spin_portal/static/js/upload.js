// Camera files of one filming session, uploaded from the browser straight to ingest over tus:
// chunked, retried, resumable after a lost connection or a reload, with ingest's refusals in words.
import { Dashboard, GoldenRetriever, Tus, Uppy } from '/static/vendor/uppy/uppy.min.mjs'
import he_IL from '/static/vendor/uppy-locales/he_IL.mjs'
import nl_NL from '/static/vendor/uppy-locales/nl_NL.mjs'
import { SessionExpiredError, UploadTokens } from './upload-token.js'
import { tr } from './words.js'

const MiB = 1024 * 1024
// Big enough to keep a fast line busy, small enough that a lost chunk costs seconds on Wi-Fi.
const CHUNK_SIZE = 8 * MiB
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000]
const CAMERA_FILES = [
  'video/*', '.mp4', '.m4v', '.mov', '.mts', '.m2ts', '.avi', '.mkv', '.webm', '.3gp', '.mxf',
  '.mpg', '.mpeg', '.wmv',
]
// What ingest reads from Upload-Metadata; nothing else of the file's description leaves the page.
const INGEST_FIELDS = ['case_code', 'site', 'filming_session_id', 'filmed_at', 'filename']
const REFUSED_BECAUSE = {
  401: tr('ingest did not accept the upload permission'),
  403: tr('ingest refused it for this case'),
  413: tr('the file is too large'),
  415: tr('this is not a video file ingest accepts'),
}

// Refusals are expected answers and are shown on the page, so Uppy's errors go to the console
// as one-line warnings; its routine warnings (e.g. a video too big to keep in IndexedDB) not at all.
const quietLogger = {
  debug() {},
  warn() {},
  error: (...args) => console.warn(...args.map((arg) => (arg instanceof Error ? arg.message : arg))),
}

class Messages {
  constructor(root) {
    this.list = root.querySelector('#uploader-refusals')
    this.hold = root.querySelector('#uploader-hold')
    this.holdText = root.querySelector('#uploader-hold-text')
  }

  refused(fileName, sentence) {
    const item = document.createElement('li')
    item.textContent = tr('“%(file)s” was not uploaded: %(reason)s', { file: fileName, reason: sentence })
    this.list.append(item)
  }

  clearRefusals() {
    this.list.replaceChildren()
  }

  held(sentence) {
    this.holdText.textContent = sentence
    this.hold.hidden = false
  }

  released() {
    this.hold.hidden = true
    this.holdText.textContent = ''
  }
}

// Uppy 5 aborts the request before it reports the error, which empties the response; so the
// answer is kept while tus still decides about retrying, with tus's own message as a fallback.
const answers = new WeakMap()

function keepAnswer(error) {
  const response = error?.originalResponse
  const status = response?.getStatus?.()
  if (status) answers.set(error, { status, body: response.getBody() ?? '' })
}

function answerOf(error) {
  const kept = answers.get(error) ?? answers.get(error?.cause)
  if (kept) return kept
  const found = /response code: (\d+), response text: (.*), request id/s.exec(String(error?.message ?? ''))
  return found ? { status: Number(found[1]), body: found[2] } : null
}

function refusalSentence(error) {
  const answer = answerOf(error)
  if (!answer?.status) return tr('the connection was lost; press Retry to continue where it stopped.')
  let detail = ''
  try {
    detail = JSON.parse(answer.body || '{}').detail
  } catch {
    detail = answer.body
  }
  const reason = typeof detail === 'string' && detail ? detail : REFUSED_BECAUSE[answer.status]
  return tr('%(reason)s (%(status)s).', { reason: reason ?? tr('ingest refused it'), status: answer.status })
}

function authorization(request) {
  return request?.getHeader?.('Authorization')?.replace(/^Bearer /, '')
}

// Uppy's words in the page's language (English is Uppy's own); ingest answers in it too.
const UPPY_LOCALES = { nl: nl_NL, he: he_IL }
const PAGE_LANGUAGE = document.documentElement.lang || 'en'

function buildUppy(root, tokens, messages) {
  const held = new Set()
  const uppy = new Uppy({
    id: `footage-${root.dataset.sessionId}`,
    autoProceed: false,
    logger: quietLogger,
    restrictions: { allowedFileTypes: CAMERA_FILES },
    ...(UPPY_LOCALES[PAGE_LANGUAGE] ? { locale: UPPY_LOCALES[PAGE_LANGUAGE] } : {}),
  })

  // Uploads wait, never fail, while the portal cannot give a permission (e.g. the session ended).
  const hold = (error, fileIDs) => {
    for (const id of fileIDs) held.add(id)
    uppy.pauseAll()
    messages.held(error instanceof SessionExpiredError ? error.message
      : tr('%(reason)s The uploads are paused: press Resume to try again.', { reason: error.message }))
  }

  uppy.use(Dashboard, {
    inline: true,
    target: root.querySelector('#uploader-dashboard'),
    width: '100%',
    height: 420,
    showProgressDetails: true,
    singleFileFullScreen: false,
    proudlyDisplayPoweredByUppy: false,
    disableThumbnailGenerator: true,
    note: root.dataset.note,
  })
  uppy.use(Tus, {
    endpoint: '',
    chunkSize: CHUNK_SIZE,
    retryDelays: RETRY_DELAYS,
    limit: 2,
    removeFingerprintOnSuccess: true,
    allowedMetaFields: INGEST_FIELDS,
    headers: { 'Accept-Language': PAGE_LANGUAGE },
    async onBeforeRequest(request, file) {
      try {
        const permission = await tokens.fresh()
        request.setHeader('Authorization', `Bearer ${permission.token}`)
      } catch (error) {
        hold(error, [file.id])
        throw error
      }
    },
    onShouldRetry(error, attempt, options, next) {
      keepAnswer(error)
      if (error?.originalResponse?.getStatus() === 401) {
        tokens.invalidate(authorization(error.originalRequest))
        return true
      }
      return next(error)
    },
  })
  // Restores the list after a reload; large files come back as "add again", then resume.
  uppy.use(GoldenRetriever)

  uppy.addPreProcessor(async (fileIDs) => {
    let permission
    try {
      permission = await tokens.fresh()
    } catch (error) {
      hold(error, fileIDs)
      throw error
    }
    uppy.getPlugin('Tus').setOptions({ endpoint: permission.endpoint })
    for (const id of fileIDs) {
      const file = uppy.getFile(id)
      uppy.setFileMeta(id, { ...permission.metadata, filename: file.name })
    }
  })

  uppy.on('upload', () => messages.clearRefusals())
  uppy.on('upload-error', (file, error) => {
    if (!file || held.has(file.id)) return
    const sentence = refusalSentence(error)
    messages.refused(file.name, sentence)
    uppy.setFileState(file.id, { error: sentence })
  })
  uppy.on('upload-success', (file) => {
    held.delete(file?.id)
    document.dispatchEvent(new CustomEvent('footage:uploaded', { detail: { sessionId: root.dataset.sessionId } }))
  })
  return { uppy, held }
}

async function resume(uppy, held, tokens, messages) {
  try {
    await tokens.renew()
  } catch (error) {
    messages.held(error.message)
    return
  }
  messages.released()
  const files = [...held].map((id) => uppy.getFile(id)).filter(Boolean)
  held.clear()
  uppy.resumeAll()
  for (const file of files.filter((f) => f.error)) uppy.retryUpload(file.id).catch(() => {})
  // Files held before their first byte: their upload never began, so start it now.
  if (files.some((f) => !f.progress.uploadStarted)) uppy.upload().catch(() => {})
}

function start(root) {
  const tokens = new UploadTokens(root.dataset.tokenUrl)
  const messages = new Messages(root)
  const { uppy, held } = buildUppy(root, tokens, messages)
  root.querySelector('#uploader-resume').addEventListener('click', () => resume(uppy, held, tokens, messages))
  // Ask early, so an ended session shows before anyone chooses files.
  tokens.fresh().catch((error) => {
    messages.held(error.message)
  })
}

const root = document.getElementById('uploader')
if (root) start(root)
