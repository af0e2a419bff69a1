import type { Locator, Page } from 'playwright-core';
import type { CaseFilePage } from './cases.page.ts';

export interface ChosenFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** The Anhänge section of an open Fallakte: attaching photos and documents, their states, the viewer. */
export class AttachmentsPage {
  constructor(readonly caseFile: CaseFilePage) {}

  get page(): Page {
    return this.caseFile.page;
  }

  get section(): Locator {
    return this.caseFile.section('Anhänge');
  }

  /** One attachment's entry in the list, by its name. */
  entry(name: string): Locator {
    return this.section.getByRole('listitem').filter({ hasText: name });
  }

  /** What the entry says of its upload ("Wartet auf Hochladen", "Hochgeladen", …). */
  state(name: string): Locator {
    return this.entry(name).getByRole('status');
  }

  /** "Anhänge auf diesem Gerät behalten": the case's attachments fetched ahead and never evicted. */
  get keepOffline(): Locator {
    return this.section.getByRole('checkbox', { name: 'Anhänge auf diesem Gerät behalten' });
  }

  /** What the section says of the attachments kept on the device. */
  get keepStatus(): Locator {
    return this.section.locator('.keep-offline').getByRole('status');
  }

  get alert(): Locator {
    return this.section.getByRole('alert');
  }

  /** Chooses files with "Datei wählen", optionally for a record named in "Gehört zu". */
  async choose(files: ChosenFile[], belongsTo?: string): Promise<void> {
    if (belongsTo !== undefined) {
      await this.section.getByLabel('Gehört zu').selectOption({ label: belongsTo });
    }
    await this.section.getByLabel('Datei wählen').setInputFiles(files);
  }

  /** Takes a photo with "Foto aufnehmen" (the file the camera would give). */
  async takePhoto(photo: ChosenFile): Promise<void> {
    await this.section.getByLabel('Foto aufnehmen').setInputFiles(photo);
  }

  async open(name: string): Promise<Locator> {
    await this.section.getByRole('button', { name: `Öffnen: ${name}` }).click();
    return this.viewer(name);
  }

  viewer(name: string): Locator {
    return this.page.getByRole('dialog', { name });
  }
}

/**
 * A photo as a camera would give it, drawn in the page and encoded as JPEG there: `width` × `height`
 * pixels of text and noise, so the encoder cannot make it trivially small.
 */
export async function cameraPhoto(
  page: Page,
  width: number,
  height: number,
  name: string,
  quality = 0.95,
  seed = 42,
): Promise<ChosenFile> {
  const base64 = await page.evaluate(
    async ([w, h, q, start]) => {
      const canvas = new OffscreenCanvas(w, h);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2D context');
      const pixels = context.createImageData(w, h);
      let seed = start;
      for (let i = 0; i < pixels.data.length; i += 4) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const grey = 150 + (seed % 100);
        pixels.data[i] = grey;
        pixels.data[i + 1] = grey;
        pixels.data[i + 2] = grey - 10;
        pixels.data[i + 3] = 255;
      }
      context.putImageData(pixels, 0, 0);
      context.fillStyle = '#111';
      context.font = `${Math.round(h / 20)}px sans-serif`;
      for (let line = 1; line < 18; line += 1)
        context.fillText('Bescheid – Jobcenter Duisburg', w / 20, (line * h) / 18);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: q });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    },
    [width, height, quality, seed] as const,
  );
  return { name, mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
}
