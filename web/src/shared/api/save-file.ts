import type { DownloadedFile } from './http'

/**
 * Hands a downloaded file to the browser as a download (the token-carrying fetch
 * cannot be a plain link): the server's name, else `fallbackName`.
 */
export function saveFile(file: DownloadedFile, fallbackName: string): void {
  const url = URL.createObjectURL(file.blob)
  const a = document.createElement('a')
  a.href = url
  a.download = file.filename || fallbackName
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Give the browser time to start reading the blob before it goes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
