import { describe, expect, it } from 'vitest';
import { resolveLocale, translate } from '../../app/lib/i18n/i18n';
import { de, en } from '../../app/lib/i18n/messages';

describe('i18n', () => {
  it('English has exactly the German keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(de).sort());
  });

  it('fills placeholders and plural forms', () => {
    expect(translate('de', 'overview.measureCount', { count: 0 })).toBe(
      'Keine sichtbaren Maßnahmen',
    );
    expect(translate('de', 'overview.measureCount', { count: 1 })).toBe('1 sichtbare Maßnahme');
    expect(translate('de', 'overview.measureCount', { count: 1200 })).toBe(
      '1.200 sichtbare Maßnahmen',
    );
    expect(translate('en', 'overview.measureCount', { count: 2 })).toBe('2 visible measures');
    expect(translate('de', 'signIn.tooMany', { minutes: 7 })).toContain('in 7 Minuten');
  });

  it('an explicit choice wins over Accept-Language, German is the default', () => {
    expect(resolveLocale('en', 'de-DE')).toBe('en');
    expect(resolveLocale(null, 'fr-FR,en;q=0.8,de;q=0.5')).toBe('en');
    expect(resolveLocale(null, 'fr-FR')).toBe('de');
    expect(resolveLocale(null, null)).toBe('de');
    expect(resolveLocale('xx', 'en;q=0')).toBe('de');
  });
});
