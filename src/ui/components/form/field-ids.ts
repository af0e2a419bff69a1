/**
 * The ids a field's hint, warning and error paragraphs get, and the `aria-describedby` that names the ones
 * shown, so screen readers read them with the input. Shared by TextField, DateField and SelectField.
 */
export function fieldDescription(
  id: string,
  parts: {
    hint?: string | undefined;
    warning?: string | undefined;
    error?: string | undefined;
    describedBy?: string | undefined;
  },
): { hintId: string; warningId: string; errorId: string; describedBy: string | undefined } {
  const hintId = `${id}-hint`;
  const warningId = `${id}-warning`;
  const errorId = `${id}-error`;
  const ids = [
    parts.describedBy ?? '',
    parts.hint ? hintId : '',
    parts.warning ? warningId : '',
    parts.error ? errorId : '',
  ].filter(Boolean);
  return { hintId, warningId, errorId, describedBy: ids.length > 0 ? ids.join(' ') : undefined };
}
