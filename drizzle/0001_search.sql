-- Schema 2: full-text search over patient names, transcripts and notes.
-- unicode61's default token classes (L* N* Co) leave out combining marks (M*), so Tamil and
-- Telugu vowel signs and viramas split words into fragments ("காய்ச்சல்" → க | ய | ச | சல):
-- wrong matches and no prefix search. Adding M* keeps Indic words whole; remove_diacritics 2
-- only folds Latin accents (U+0300–U+036F) and leaves Indic marks alone (search.test.ts).
-- Contentless (content=''): the text already lives, encrypted, in the tables; the index keeps
-- only tokens. rowid = consultations.seq. `doctor` holds one token per doctor ("d" + the id's
-- hex digits), so the index itself narrows a search to one doctor and can stop at the newest
-- matches instead of visiting every note that contains a common word.
CREATE VIRTUAL TABLE `consultation_search` USING fts5(
	`doctor`, `patient`, `transcript`, `note`,
	tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'",
	content = '', contentless_delete = 1
);
--> statement-breakpoint
INSERT INTO `consultation_search` (`rowid`, `doctor`, `patient`, `transcript`, `note`)
SELECT c.`seq`, 'd' || replace(c.`doctor_id`, '-', ''), p.`name`, coalesce(json_extract(c.`transcript`, '$.text'), ''),
	coalesce((
		SELECT group_concat(j.`value`, ' ') FROM `note_versions` v, json_tree(v.`note`) j
		WHERE v.`consultation_id` = c.`id` AND v.`version` = c.`current_version`
			AND j.`type` = 'text' AND j.`fullkey` NOT LIKE '%.evidence%'
			AND j.`fullkey` NOT IN ('$.createdAt', '$.language') AND j.`fullkey` NOT LIKE '$.engines%'
	), '')
FROM `consultations` c JOIN `patients` p ON p.`id` = c.`patient_id`
WHERE c.`deleted_at` IS NULL;
