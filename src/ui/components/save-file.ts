/** Hands a file to the browser's download: the person chooses where it goes (or it lands in Downloads). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the URL is released after that turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
