/**
 * Saves text as a file through the browser's own download of a blob link: no `downloads` permission,
 * and the browser's own settings decide where it goes (docs/permissions.md).
 */
export function saveTextFile(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The blob holds secrets (an unencrypted export may): released as soon as the download has it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
