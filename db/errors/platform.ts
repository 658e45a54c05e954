import { entry } from './entry.ts';

const unavailable = (title: string) =>
  entry(
    503,
    title,
    'De database van het register is niet bruikbaar.',
    'The registry database cannot be used.',
    "La base de données du registre n'est pas utilisable.",
  );

/** The database and its files: opening, migrating, backing up and restoring. */
export const PLATFORM_ERRORS = {
  database_unreachable: unavailable('Database unreachable'),
  database_unreadable: unavailable('Database unreadable'),
  data_dir_busy: unavailable('Data directory busy'),
  migration_failed: unavailable('Migration failed'),
  schema_too_new: unavailable('Schema too new'),
  backup_unknown: entry(
    400,
    'Unknown backup',
    'Dit bestand is geen back-up van het register.',
    'This file is not a backup of the registry.',
    "Ce fichier n'est pas une sauvegarde du registre.",
  ),
  backup_tool_missing: entry(
    500,
    'Backup tool missing',
    'Het back-upprogramma is niet geïnstalleerd.',
    'The backup tool is not installed.',
    "L'outil de sauvegarde n'est pas installé.",
  ),
  backup_tool_failed: entry(
    500,
    'Backup tool failed',
    'Het back-upprogramma is mislukt.',
    'The backup tool failed.',
    "L'outil de sauvegarde a échoué.",
  ),
  restore_target_not_empty: entry(
    409,
    'Restore target not empty',
    'Het doel is niet leeg; zet de back-up terug in een nieuwe, lege database.',
    'The target is not empty; restore into a new, empty database.',
    "La cible n'est pas vide ; restaurez dans une nouvelle base vide.",
  ),
} as const;
