/** Gemeinsames Bearbeiten: editor, toolbar, connection status, presence. German first; English mirrors every key. */
export const de = {
  'collab.editorLabel': 'Text der Maßnahme',
  'collab.placeholder': 'Text der Maßnahme schreiben …',
  'collab.readOnly': 'Nur lesen',
  'collab.keyboardHint':
    'Mit Esc gelangen Sie vom Text zur Werkzeugleiste. In Listen und Tabellen wirkt die Tabulatortaste innerhalb des Textes.',
  'collab.taskCheckbox': 'Aufgabe erledigt: {text}',
  'collab.taskCheckboxEmpty': 'Leere Aufgabe erledigt',
  'collab.status.connecting': 'Verbinde …',
  'collab.status.connected': 'Verbunden',
  'collab.status.offline': 'Offline – Änderungen werden nachgereicht',
  'collab.status.offlineReadOnly':
    'Offline – der Text wird aktualisiert, sobald die Verbindung steht',
  'collab.status.saved': 'Gespeichert',
  'collab.status.noAccess':
    'Kein Zugriff mehr auf diesen Text – Änderungen ab jetzt werden nicht gespeichert',
  'collab.status.signedOut':
    'Sitzung beendet – bitte melden Sie sich neu an; Änderungen ab jetzt werden nicht gespeichert',
  'collab.presence.title': 'Wer ist hier',
  'collab.presence.you': '(Sie)',
  'collab.presence.unknown': 'Unbekannt',
  'collab.toolbar.label': 'Textformatierung',
  'collab.toolbar.bold': 'Fett',
  'collab.toolbar.italic': 'Kursiv',
  'collab.toolbar.heading2': 'Überschrift',
  'collab.toolbar.heading3': 'Unterüberschrift',
  'collab.toolbar.bulletList': 'Aufzählung',
  'collab.toolbar.orderedList': 'Nummerierung',
  'collab.toolbar.taskList': 'Aufgaben',
  'collab.toolbar.link': 'Link',
  'collab.toolbar.table': 'Tabelle einfügen',
  'collab.link.label': 'Adresse des Links',
  'collab.link.help': 'Erlaubt sind Adressen, die mit https://, http:// oder mailto: beginnen.',
  'collab.link.invalid':
    'Bitte geben Sie eine vollständige Adresse ein, die mit https://, http:// oder mailto: beginnt.',
  'collab.link.apply': 'Link setzen',
  'collab.link.remove': 'Link entfernen',
  'collab.link.cancel': 'Abbrechen',
} as const;

export const en: Record<keyof typeof de, string> = {
  'collab.editorLabel': 'Text of the measure',
  'collab.placeholder': 'Write the text of the measure …',
  'collab.readOnly': 'Read only',
  'collab.keyboardHint':
    'Press Esc to move from the text to the toolbar. In lists and tables the Tab key works inside the text.',
  'collab.taskCheckbox': 'Task done: {text}',
  'collab.taskCheckboxEmpty': 'Empty task done',
  'collab.status.connecting': 'Connecting …',
  'collab.status.connected': 'Connected',
  'collab.status.offline': 'Offline – changes will be sent later',
  'collab.status.offlineReadOnly': 'Offline – the text will update once the connection is back',
  'collab.status.saved': 'Saved',
  'collab.status.noAccess':
    'No longer any access to this text – changes from now on are not saved',
  'collab.status.signedOut':
    'Session ended – please sign in again; changes from now on are not saved',
  'collab.presence.title': 'Who is here',
  'collab.presence.you': '(you)',
  'collab.presence.unknown': 'Unknown',
  'collab.toolbar.label': 'Text formatting',
  'collab.toolbar.bold': 'Bold',
  'collab.toolbar.italic': 'Italic',
  'collab.toolbar.heading2': 'Heading',
  'collab.toolbar.heading3': 'Subheading',
  'collab.toolbar.bulletList': 'Bullet list',
  'collab.toolbar.orderedList': 'Numbered list',
  'collab.toolbar.taskList': 'Tasks',
  'collab.toolbar.link': 'Link',
  'collab.toolbar.table': 'Insert table',
  'collab.link.label': 'Link address',
  'collab.link.help': 'Addresses starting with https://, http:// or mailto: are allowed.',
  'collab.link.invalid':
    'Please enter a complete address starting with https://, http:// or mailto:.',
  'collab.link.apply': 'Set link',
  'collab.link.remove': 'Remove link',
  'collab.link.cancel': 'Cancel',
};
