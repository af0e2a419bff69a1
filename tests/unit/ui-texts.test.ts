import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fill } from '../../src/ui/i18n/index.ts';

const UI = join(import.meta.dirname, '../../src/ui');

interface Catalogue {
  where: string;
  de: Map<string, string>;
  en: Map<string, string>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(svelte|ts)$/.test(entry.name) ? [path] : [];
  });
}

/** The TypeScript of a file: a `.svelte` component's script blocks, or the whole module. */
function scriptOf(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.svelte')) return text;
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]).join('\n');
}

function texts(object: ts.ObjectLiteralExpression, where: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property) || !ts.isStringLiteralLike(property.initializer)) {
      throw new Error(`${where}: every text must be a plain string literal`);
    }
    result.set(property.name.getText(), property.initializer.text);
  }
  return result;
}

/** Every `localTexts({ de: {...}, en: {...} })` in the UI, read from the source without running it. */
function catalogues(): Catalogue[] {
  const found: Catalogue[] = [];
  for (const path of sourceFiles(UI)) {
    const source = ts.createSourceFile(path, scriptOf(path), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'localTexts'
      ) {
        const where = `${relative(UI, path)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const [argument] = node.arguments;
        if (!argument || !ts.isObjectLiteralExpression(argument)) throw new Error(`${where}: not a literal`);
        const language = (name: string) => {
          const property = argument.properties.find(
            (candidate): candidate is ts.PropertyAssignment =>
              ts.isPropertyAssignment(candidate) && candidate.name.getText() === name,
          );
          if (!property || !ts.isObjectLiteralExpression(property.initializer)) {
            throw new Error(`${where}: no ${name} texts`);
          }
          return texts(property.initializer, where);
        };
        found.push({ where, de: language('de'), en: language('en') });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

describe('UI texts', () => {
  const all = catalogues();

  it('finds the texts of every screen', () => {
    const places = new Set(all.map((catalogue) => catalogue.where.split(':')[0]));
    for (const screen of [
      'App.svelte',
      'screens/CasesScreen.svelte',
      'case/CaseFile.svelte',
      'shell-texts.ts',
    ]) {
      expect(places, screen).toContain(screen);
    }
  });

  it('has the same keys in German and English', () => {
    for (const { where, de, en } of all) expect([...en.keys()], where).toEqual([...de.keys()]);
  });

  it('has no empty text and the same placeholders in both languages', () => {
    for (const { where, de, en } of all) {
      for (const [key, german] of de) {
        const english = en.get(key) ?? '';
        expect(german.trim(), `${where} ${key}`).not.toBe('');
        expect(english.trim(), `${where} ${key}`).not.toBe('');
        expect(placeholders(english), `${where} ${key}`).toEqual(placeholders(german));
      }
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('Version {version}', { version: '1.2.3' })).toBe('Version 1.2.3');
    expect(fill('Version {version}', {})).toBe('Version {version}');
  });
});
