/**
 * The ids a field's hint and error paragraphs get, and the `aria-describedby` that names the ones shown,
 * so screen readers read the hint and the error with the input. Shared by TextField, DateField and
 * SelectField.
 */
export function fieldDescription(
  id: string,
  parts: { hint?: string | undefined; error?: string | undefined; describedBy?: string | undefined },
): { hintId: string; errorId: string; describedBy: string | undefined } {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const ids = [parts.describedBy ?? '', parts.hint ? hintId : '', parts.error ? errorId : ''].filter(Boolean);
  return { hintId, errorId, describedBy: ids.length > 0 ? ids.join(' ') : undefined };
}
