/**
 * A name for this device to suggest at the first login, from what the browser says about itself:
 * "Tablet (Chrome, Android)", "Safari auf iPad". People usually keep it or type "Tablet Büro"; admins see
 * it in the device list when they revoke a lost tablet, so it should say what kind of device it is.
 */
export function suggestDeviceName(userAgent: string, language: 'de' | 'en' = 'de'): string {
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /(Chrome|Chromium|CriOS)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : null;
  const tabletIPad = /iPad/.test(ua) || (/Macintosh/.test(ua) && /Mobile\//.test(ua));
  const system = tabletIPad
    ? 'iPad'
    : /iPhone/.test(ua)
      ? 'iPhone'
      : /Android/.test(ua)
        ? /Mobile/.test(ua)
          ? 'Android-Smartphone'
          : 'Android-Tablet'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Mac OS X|Macintosh/.test(ua)
            ? 'Mac'
            : /CrOS/.test(ua)
              ? 'Chromebook'
              : /Linux/.test(ua)
                ? 'Linux'
                : null;
  const on = language === 'de' ? 'auf' : 'on';
  if (browser && system) return `${browser} ${on} ${system}`;
  return system ?? browser ?? 'Tablet';
}
