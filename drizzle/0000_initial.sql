-- MedScribe local store, schema 1: clinic, doctors, patients, consultations, note versions, audit log.
-- Released migrations are never edited: add a new file instead (src/engine/store/migrate.test.ts pins their hashes).
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `clinic` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`registration_number` text DEFAULT '' NOT NULL,
	`logo` blob,
	`logo_path` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE TABLE `doctors` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`qualifications` text DEFAULT '' NOT NULL,
	`registration_number` text DEFAULT '' NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `doctors_name_key_live` ON `doctors` (`name_key`) WHERE `deleted_at` IS NULL;
--> statement-breakpoint
CREATE TABLE `patients` (
	`id` text PRIMARY KEY NOT NULL,
	`doctor_id` text NOT NULL REFERENCES `doctors`(`id`),
	`name` text DEFAULT '' NOT NULL,
	`age` integer,
	`sex` text,
	`phone` text,
	`abha_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `patients_doctor` ON `patients` (`doctor_id`);
--> statement-breakpoint
CREATE TABLE `consultations` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL UNIQUE,
	`doctor_id` text NOT NULL REFERENCES `doctors`(`id`),
	`patient_id` text NOT NULL REFERENCES `patients`(`id`),
	`language` text NOT NULL,
	`status` text NOT NULL,
	`audio_path` text,
	`transcript` text,
	`entities` text DEFAULT '[]' NOT NULL,
	`current_version` integer DEFAULT 0 NOT NULL,
	`signed_version` integer,
	`signed_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE INDEX `consultations_doctor_created` ON `consultations` (`doctor_id`, `created_at`);
--> statement-breakpoint
CREATE TABLE `note_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`consultation_id` text NOT NULL REFERENCES `consultations`(`id`),
	`version` integer NOT NULL,
	`note` text NOT NULL,
	`author_id` text NOT NULL REFERENCES `doctors`(`id`),
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `note_versions_consultation_version` ON `note_versions` (`consultation_id`, `version`);
--> statement-breakpoint
-- A version's note never changes; once a consultation is signed no version can be added.
CREATE TRIGGER `note_versions_immutable` BEFORE UPDATE OF `note`, `version`, `consultation_id`, `author_id` ON `note_versions`
BEGIN
	SELECT RAISE(ABORT, 'note versions never change');
END;
--> statement-breakpoint
CREATE TRIGGER `note_versions_after_sign` BEFORE INSERT ON `note_versions`
WHEN (SELECT `signed_version` FROM `consultations` WHERE `id` = NEW.`consultation_id`) IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'the note is signed');
END;
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`detail` text DEFAULT '' NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
