"""Errors with a number, a place and an explanation, and the registry of every number.

Modelled on spaCy's numbered errors (``spacy/errors.py``): every code khabar
raises is listed once in :data:`ERRORS`, with its message template and a
one-line explanation, and :class:`KhabarError` refuses a code that is not
listed. Adding a code is one line in the table below (in the range of its
module); ``khabar errors`` (or ``python -m khabar.errors``) prints the table.
Better than spaCy's, every error also says which file, which line, which
document and which field, so that the person reading it can go straight there.
Codes are grouped by module:

====  ==========================
E0xx  files and JSON in general
E1xx  corpus import
E2xx  gold format
E3xx  doccano bridge
E4xx  extractors
E5xx  evaluation
E6xx  agreement, adjudication and releases
E7xx  statistics and pictures
====  ==========================

Raise with the template (``InputError("E004", path=p, line=n)``, or with the
template's fields as keywords: ``InputError("E002", found="list", path=p)``),
or with a message of the call site's own that says more
(``InputError("E220", f"span {s}-{e} ...", ...)``); the code is checked either way.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from os import PathLike
from pathlib import Path
from typing import Any

__all__ = ["ERRORS", "ErrorCode", "KhabarError", "InputError", "ConfigError", "Problem", "UnregisteredCode", "explain"]


@dataclass(frozen=True, slots=True)
class ErrorCode:
    """One registered code: the message template its errors follow and what it means."""

    code: str
    template: str
    explanation: str

    def format(self, **fields: Any) -> str:
        """The message, the template's ``{fields}`` filled in."""
        return self.template.format(**fields)


def _registry(*rows: tuple[str, str, str]) -> dict[str, ErrorCode]:
    table: dict[str, ErrorCode] = {}
    for code, template, explanation in rows:
        if code in table:  # pragma: no cover - caught by tests/test_errors.py on the first import
            raise AssertionError(f"error code {code} is registered twice")
        table[code] = ErrorCode(code, template, explanation)
    return table


#: Every error code khabar raises: code -> template and explanation. One line per code.
ERRORS: dict[str, ErrorCode] = _registry(
# --- E0xx files and JSON in general (khabar.io) --------------------------------------------------------------
    ("E001", "not valid JSON ({reason} at column {column})", "A line of a JSON-lines file is not valid JSON."),
    ("E002", "expected a JSON object, found {found}", "A JSON-lines record is valid JSON but not an object ({...})."),
    ("E003", "not UTF-8 ({reason} at byte {byte} of the line)", "A line's bytes are not UTF-8 (a UTF-16, Windows-1256 or binary file)."),
    ("E004", "JSON nested too deep to read", "A line nests arrays or objects deeper than Python can parse (tens of thousands of levels)."),
    ("E005", "a lone surrogate escape (such as \"\\ud800\"): not a character UTF-8 can hold", "A string holds half of a UTF-16 surrogate pair, which no UTF-8 file can store."),
    ("E006", "not a readable gzip file ({reason})", "A .gz file is damaged, cut short or not gzip at all."),
    ("E007", "not a readable Parquet file ({reason})", "A .parquet file is damaged or not Parquet; Arrow's reason is given."),
    ("E008", "is a folder; --out names the file to write", "An output path names an existing folder."),
    ("E009", "cannot be written ({reason})", "An output file's folder is not writable or cannot be created, or the output is a pipe, a device or '-' (outputs are files, renamed into place)."),
    ("E010", "is also an input ({input}); write the output elsewhere", "An output path is one of the command's own inputs, which writing would destroy."),
    ("E011", "no such file", "A data file to read does not exist, or is a folder."),
    ("E012", "cannot read the file ({reason})", "The operating system refused to read a data file (permissions, a device error), or an input from a pipe could not be copied to the temporary folder (TMPDIR full or not writable)."),
    ("E013", "standard input ('-') is given {count} times; a command reads it once", "Two inputs of one command are '-': the pipe can feed only one of them (use <(...) or a file for the other)."),
    ("E014", "nothing is piped in ({reason}): pipe the data in (cat FILE | khabar ... -) or name the file", "An input is '-' while standard input is a terminal or closed, or names a terminal: reading it would wait on the keyboard."),
    ("E015", "the key {key!r} appears twice in one object: JSON keeps only the last value, silently; remove one", "A JSON object of a gold or corpus file, or of a JSON file given whole (a quote lexicon, a cue list, the doccano labels), gives one key twice (two ids, an entity with two starts), which every JSON reader resolves by dropping the first without a word."),
    # --- E1xx corpus import ---------------------------------------------------------------------------------------
    ("E100", "no such file or folder", "A corpus source does not exist, a folder or zip holds no file khabar can read, or a zip holds another zip (not opened)."),
    ("E101", "cannot tell the format from the name (expected one of {suffixes})", "A source's name ends in no suffix the readers know."),
    ("E102", "cannot read the file ({reason})", "The operating system refused to read a corpus source."),
    ("E103", "not a readable zip file, truncated or damaged ({reason})", "A zip archive (or one of its members) is damaged or cut short."),
    ("E104", "neither UTF-8 nor Windows-1256 Arabic; re-encode the file as UTF-8", "A corpus file's bytes are in an encoding khabar does not read."),
    ("E105", "not valid JSON ({reason} at column {column})", "A corpus JSON file or line is not valid JSON (or nests too deep, or holds a lone surrogate)."),
    ("E106", "expected a JSON object, found {found}", "A corpus record is not a JSON object."),
    ("E107", "not valid CSV ({reason})", "A CSV corpus file is malformed (a row with more values than header columns, or a quoted field never closed)."),
    ("E108", "the header names the column {name!r} twice (columns {first} and {second}): a row would keep only the last one's value; rename or remove one", "A CSV corpus file's header gives one column name twice, which would keep the last of the two columns' values without a word."),
    ("E109", "a value in column {column}, which the header gives no name: name the column, or quote the field whose comma pushed it there", "A row of a CSV corpus file has a value in a column whose header name is blank (such empty trailing columns are read as absent while they are empty)."),
    ("E110", "no text field (looked for {names}; choose another with --text-field)", "A corpus record has none of the fields holding the article text."),
    ("E111", "the text is empty", "A corpus record's text is empty or white space only."),
    ("E112", "the text must be a string, found {found}", "A corpus record's text is not a string."),
    ("E113", "this id was already used by an earlier article", "Two articles of one import share an id."),
    ("E120", "checksum mismatch for {url}", "A downloaded corpus file does not have the published SHA-256."),
    ("E121", "cannot download {url} ({reason})", "Downloading a corpus file failed."),
    ("E122", "no SaudiNewsNet zip for {dates}", "A requested SaudiNewsNet date is not in the release."),
    ("E130", "an .xml file khabar reads holds TREC/CLEF <DOC> records", "An .xml, .sgml, .sgm or bare .gz source does not hold the TREC/CLEF <DOC> records khabar reads in those (in a folder or zip, ACE 2005's .apf.xml, .ag.xml and .tab beside their .sgm are passed over and counted instead)."),
    ("E131", "malformed TREC/CLEF record: {reason}", "A TREC/CLEF <DOC> record is broken (unclosed tag or <P>, text outside an element or a <P>, no DOCNO, DOCID or id attribute, an element ACE's <TEXT> does not hold)."),
    # --- E2xx gold format -----------------------------------------------------------------------------------------
    ("E201", "expected {{'start': int, 'end': int}}, found {found}", "A span is not an object with start and end."),
    ("E202", "offset must be an integer, found {found}", "A span offset is not an integer."),
    ("E203", "entity label must be a non-empty string, found {found}", "An entity has no label."),
    ("E204", "a quote must be an object, found {found}", "A quote is not a JSON object."),
    ("E205", "a quote must have a content span", "A quote lacks its content."),
    ("E206", "quote type must be one of {types}, found {found}", "A quote's type is not direct, indirect or mixed."),
    ("E207", "a document needs a non-empty string id, found {found}", "A document has no id."),
    ("E208", "a document needs a string text, found {found}", "A document has no text."),
    ("E209", "meta must be an object, found {found}", "A document's meta is not a JSON object."),
    ("E210", "{name} must be a list", "A document's entities or quotes are not a list."),
    ("E211", "no such file", "The gold file to validate or convert does not exist."),
    ("E212", "{found!r} is not a field of khabar's gold format; did you mean {known!r}?", "A document, entity or quote has a field that differs from one of khabar's only by case ('Source', 'Label', 'Entities'): it would be kept as an unknown field and the real one read as missing."),
    ("E220", "span {start}-{end} lies outside the text (length {length})", "A span is negative or runs past the end of the text."),
    ("E221", "span {start}-{end} is empty or reversed", "A span's end is not after its start."),
    ("E222", "span begins or ends with white space", "Spans are trimmed of white space (guidelines)."),
    ("E223", "span {side} with {char!r} ({name}): punctuation and marks stay outside the span", "Punctuation and marks stay outside spans (guidelines)."),
    ("E224", "span begins inside a token (at {position}, after {char!r})", "A span cuts a word at its start."),
    ("E225", "span ends inside a token (at {position}, before {char!r})", "A span cuts a word at its end."),
    ("E226", "unknown entity label {label!r} (khabar's are {labels}{hint})", "An entity label is not PERS, ORG, LOC or MISC (the hint names the one it differs from by case, or the usual name of another tag set's PER, PERSON, ORGANIZATION, LOCATION or GPE); gold validate lists it, and evaluate, agree, adjudicate, train quotes, extract quotes, gold to-conll and gold release stop at it, where it would score, vote, train or be written as a label of its own, or be passed over as a speaker."),
    ("E227", "the same span is annotated twice (also entities[{other}])", "An entity span appears twice in one document."),
    ("E228", "overlaps entities[{other}] of the same label {label} (no nested or crossing names of one type)", "Two entities of one label overlap."),
    ("E229", "the same quote is annotated twice (also quotes[{other}])", "A quote appears twice in one document."),
    ("E230", "the quote has no content", "A quote's content is white space only."),
    ("E231", "type is direct, but the content is not wholly enclosed in quotation marks", "A direct quote's content is not inside quotation marks."),
    ("E232", "type is indirect, but the content is {hint}", "An indirect quote's content is enclosed in, or cuts, quotation marks."),
    ("E233", "type is mixed, but the content is wholly enclosed in quotation marks (direct?)", "A mixed quote is really direct."),
    ("E234", "type is mixed, but no quotation mark is in or around the content (indirect?)", "A mixed quote has no quoted part."),
    ("E235", "the quote's {role} overlaps its {other_role}", "A quote's content, source and cue overlap."),
    ("E240", "expected a token and its tag separated by a space or tab, found one column, {line!r}", "A CoNLL line has one column, no token and tag, or the file's lines end in a carriage return alone (files of more columns, TOKEN POS TAG, are read: the token first, the tag last)."),
    ("E241", "tag must be O, B-LABEL or I-LABEL, found {tag!r}", "A CoNLL tag is not BIO."),
    ("E242", "the {label} entity ending here has only empty tokens", "A CoNLL entity covers no text."),
    ("E243", "sentences_per_doc must be at least 1, found {found}", "from-conll was asked for documents of no sentence."),
    ("E244", "no such file", "The CoNLL file does not exist."),
    ("E245", "not UTF-8 ({reason} at byte {byte})", "A CoNLL file is not UTF-8 text (binary, UTF-16, Windows-1256)."),
    ("E246", "entity {start}-{end} {label} covers part of a token ({token!r})", "to-conll met an entity that cuts a token (with --partial error)."),
    ("E247", "separator must be a space or a tab, found {found!r}", "to-conll was given another column separator."),
    ("E248", "document id repeated (first on line {first})", "Two documents of one gold file share an id."),
    ("E249", "FANE type {tag!r} is not one khabar maps to the guidelines' labels",
     "A FANE gold file holds an entity type khabar.gold.formats.fane does not know."),
    ("E250", "FANE columns must be separated by a tab (token<TAB>tag), found {found!r}", "A line of a FANE gold file has no tab between its token and its tag (spaces instead?)."),
    ("E251", "tag {tag!r}: {label!r} is not one of the entity labels ({labels}); map it with --map-label {label}=LABEL, or drop it with {label}=O",
     "A CoNLL tag's label is not PERS, ORG, LOC or MISC (B-PERSON, B-DATE): from-conll's --map-label renames or drops it."),
    ("E252", "--map-label {spec}: {reason}", "A label mapping of from-conll (or gold import --format conll or hf) maps to a label outside the entity labels, or names a label the file or dataset does not hold."),
    ("E253", "found {found} columns in {line!r} where the file's other lines have {columns}", "A CoNLL line has another count of columns than most lines of its file (a TOKEN TAG file with a POS or second tag column on some lines, a TOKEN POS TAG file with a column missing), or two counts of columns are as common in the file (which it has cannot be told; the first line of the later count is named)."),
    ("E260", "the output must be a new or empty folder", "An export folder is a file, or holds files another export did not write."),
    ("E261", "not a brat folder: {reason}", "A brat import folder is missing, has no .txt file, an .ann file without its .txt, two files naming one document, or a file that is not UTF-8."),
    ("E262", "two documents would share one brat file name", "Two document ids map to the same brat file name."),
    ("E263", "unknown label {label!r}", "A brat annotation has a label outside khabar's."),
    ("E264", "offsets must be 'START END' inside the text, found {offsets!r}", "A brat annotation's offsets are malformed or outside the text."),
    ("E265", "the annotation's text is not the text at its offsets", "A brat annotation's surface does not match the .txt file."),
    ("E266", "malformed brat relation or attribute: {reason}", "A brat R or A line is malformed or of an unknown type."),
    ("E267", "khabar reads T, R and A lines (and skips # and N), not {key!r}", "A brat line of a kind khabar does not read."),
    ("E268", "relation {name}: {reason}", "A brat relation joins the wrong annotations, or a quote has two sources or cues."),
    ("E269", "annotation id {key!r} is used twice (first on line {first})", "Two lines of a brat .ann file share an annotation id (T1, R1, A1)."),
    ("E270", "entity label {label!r} is not one of {labels}, the names of the ner_tags ClassLabel (`khabar gold validate` lists them all)",
     "A Hugging Face export met an entity label khabar does not know."),
    ("E271", "the test fraction must be in [0, 1), found {fraction}", "The Hugging Face export's test fraction is out of range."),
    ("E272", "no documents to export", "An export was given an empty gold file."),
    ("E273", "a document id of {length} characters is too long for a brat file name (255 bytes at most)", "A document id is too long to be a brat file name."),
    ("E274", "{key}: the gap between fragments {left} and {right} holds {gap!r}, not only white space", "A discontinuous brat annotation (fragments 'S1 E1;S2 E2') skips over text: khabar reads a span from its first fragment's start to its last one's end, which would take in what the annotator left out (a gap of line breaks, as brat writes a span across lines, is read)."),
    ("E275", "a test split needs 2 documents or more (one for each split), found {count}", "The Hugging Face export was asked for a test split (--test-fraction) of a gold file of one document."),
    ("E276", "not a saved Hugging Face dataset: {reason}", "gold import --format hf was given a folder that is missing, that neither DatasetDict.save_to_disk nor Dataset.save_to_disk wrote, that datasets cannot load, or whose splits hold no row."),
    ("E277", "split {split!r} has no column {column}", "A Hugging Face dataset to import lacks a column it needs: id and text beside entities (khabar's layout), or tokens and ner_tags (the token layout)."),
    ("E278", "span {start}-{end} lies outside the text (length {length}) or is empty or reversed", "An entity or quote span of an imported Hugging Face row does not fit its text."),
    ("E279", "entity label {label!r} is not one of khabar's ({labels}); map it with --map-label", "An entity or ner_tags label of an imported Hugging Face dataset is not PERS, ORG, LOC or MISC, and --map-label does not rename or drop it."),
    ("E280", "meta must be a JSON object, found {found}", "The meta column of an imported Hugging Face row is not a JSON object (nor empty)."),
    ("E281", "document id repeated (first in {first})", "Two rows of an imported Hugging Face dataset share an id: in one split, or in two for khabar's layout (the token layout scopes its ids by split: the row of test whose id is 0 is test-0)."),
    ("E282", "the {column} column disagrees with the entities", "An imported Hugging Face row's derived columns (an entity's text, the tokens, offsets and ner_tags) are not what its text and entities give: edited on one side only, or offsets counted in UTF-16 units or bytes (the entities are read; drop the derived columns to import them as they are)."),
    ("E283", "ner_tags must be O, B-LABEL or I-LABEL tags, found {tag!r}", "The ner_tags of an imported Hugging Face dataset (token layout) are not IOB tags, hold ids without ClassLabel names, or are not as many as the tokens, or a token is not a string (a null, a number)."),
    ("E284", "meta has no hf_split: --split-by meta puts each document in the split its meta names", "gold export --format hf --split-by meta was given a document whose meta names no split (one added since the import, or whose meta a tool dropped): give it meta.hf_split (train, test, ...) or export without --split-by meta, rather than have its split guessed."),
    ("E285", "split name {name!r} is not one datasets accepts (letters, digits and _, parts joined by dots)", "A document's meta.hf_split, which gold export --format hf --split-by meta makes a split of, is no split name datasets accepts (it holds a slash, a space or a hyphen, is empty, or is not a string)."),
    ("E286", "split name {name!r} is not one datasets accepts (letters, digits and _, parts joined by dots), nor a slice of one", "gold import --format hf was given a dataset whose dataset_dict.json lists a split name datasets refuses (a path such as ../other/train, which would read a folder outside the dataset), or a Dataset whose state.json names such a split (train+test); a slice such as train[:10%] is read as its split, train."),
    # --- E3xx doccano bridge --------------------------------------------------------------------------------------
    ("E301", "doccano is not installed in {venv}: run `make setup`", "The doccano server environment is missing."),
    ("E302", "`doccano {command}` failed (exit {code}); see the log", "A doccano management command failed."),
    ("E303", "no doccano credentials", "No password is stored or given for the doccano user."),
    ("E304", "port {port} on {host} is already in use by another program", "The doccano port is taken."),
    ("E305", "doccano's {name} process stopped during start-up; see its log", "gunicorn or celery died while starting."),
    ("E306", "doccano did not answer {url}/v1/health/ within {timeout} s; see the logs", "The doccano server did not come up in time."),
    ("E307", "the credentials file is damaged ({reason})", "The state folder's credentials.json (the admin's and annotators' generated passwords) is not valid JSON, not UTF-8, or not an object of passwords: restore it or fix it by hand; deleted, the next `khabar doccano up` gives the admin a new password and the annotators' stored passwords are lost."),
    ("E308", "the push journal is damaged ({reason})", "A line of a project's push journal (pushes/*.journal, the record of the batches khabar verified) is not a JSON object of ids, or not UTF-8, and is not the last line a crash cut short: restore it; read as empty, it would make the next push check every article again and delete and re-import those whose labels annotators changed."),
    ("E310", "cannot reach doccano at {url}: is it running?", "No doccano server answers at the URL."),
    ("E311", "doccano at {url} rejected the credentials of {username!r}", "A doccano login failed."),
    ("E312", "{username!r} may not {method} {url} (doccano answered 403 Forbidden)", "The doccano user lacks the permission."),
    ("E313", "doccano answered {status} to {method} {url}", "doccano answered a request with an error."),
    ("E314", "no doccano project named {project!r} on {url}", "The doccano project does not exist."),
    ("E315", "doccano task {task_id} failed: {error}", "A doccano import or export task failed."),
    ("E316", "doccano task {task_id} did not finish within {timeout} s", "A doccano task timed out (is celery running?)."),
    ("E320", "the label definitions are missing", "annotation/labels.json is missing."),
    ("E321", "not valid JSON", "The label definitions are not valid JSON."),
    ("E322", "expected a list of {kind} labels", "The label definitions are malformed."),
    ("E323", "role must be one of {roles}, found {role!r}", "An unknown doccano project role."),
    ("E324", "no doccano user named {username!r}", "The doccano user does not exist."),
    ("E325", "the server has no role {role!r}: was `doccano init` run?", "The doccano server has no roles set up."),
    ("E330", "span {start}:{end} ({label}) is outside the text of length {length}", "A pre-annotation falls outside its document."),
    ("E331", "exported record has no text", "A doccano export record has no text."),
    ("E332", "doccano refused {count} record(s) of batch {batch}: {shown}", "doccano refused records of a push batch."),
    ("E333", "no stored password for annotator {name!r}", "An annotator named for push has no stored password."),
    ("E334", "batch size must be positive, found {found}", "push was given a batch size below 1."),
    ("E335", "project {project!r} has no span label(s) {labels}", "Pre-annotations use labels the project lacks."),
    ("E336", "handing pre-annotations over to {annotators} failed: {tail}", "Handing pre-annotations to annotators failed."),
    ("E337", "handover must be auto, server or api, found {found!r}", "An unknown push handover strategy."),
    ("E338", "no doccano server started by khabar answers at {url}", "The server handover needs a server khabar started."),
    ("E339", "the pushing user {username!r} cannot also be one of the annotators", "push as the admin and name the annotators."),
    ("E340", "span {span} ({label}) has unusable offsets: {reason}", "An exported span's offsets are not integers."),
    ("E341", "span {span} ({label}) {start}:{end} is outside the text", "An exported span falls outside its text."),
    ("E342", "span {span} has the unknown label {label!r}: {text!r}", "An exported span has a label khabar does not know."),
    ("E343", "{type!r} relation {relation} points to a span that does not exist", "An exported relation is dangling."),
    ("E344", "relation {relation} has the unknown type {type!r}", "An exported relation has an unknown type."),
    ("E345", "{type!r} relation {relation} joins {a} and {b}, expected CONTENT and {wanted}", "An exported relation joins the wrong span labels."),
    ("E346", "CONTENT span {span} has more than one {type!r} relation; the first is kept", "A quote content has two sources or two cues."),
    ("E347", "{label} span {span} {text!r} belongs to no quote (draw a relation from its CONTENT)", "A SOURCE or CUE span is not linked to a quote."),
    ("E350", "doccano's export of project {project!r} is not a zip file", "A doccano export is not a zip."),
    ("E351", "a side-table entry needs a khabar id", "A line of a project's side table (khabar's fields kept off doccano) has no id."),
    ("E352", "expected a JSON string, found {found}", "A side-table field that holds JSON text is not a string."),
    ("E360", "refresh needs a doccano server khabar runs at {url}", "`doccano refresh` works in the server's database (khabar's server jobs); start the server with `khabar doccano up`."),
    ("E361", "nothing to train the entity recogniser on", "`doccano refresh` found no confirmed document and was given no --base-entities."),
    ("E362", "--folds must be 0 (no cross-validation) or at least 2, found {found}", "Cross-validation needs two folds or more."),
    ("E363", "after refresh, {count} example(s) of project {project!r} do not hold the new suggestions", "The server does not hold what refresh wrote; run refresh again (touched examples are never changed)."),
    ("E364", "no such word clusters file", "refresh --clusters names a file that does not exist, or a pipe (the clusters' vectors are read from beside their file); build one with `khabar train clusters`, or leave the option out to use the cached clusters."),
    ("E365", "route must be one of upload, database, auto, found {found}", "A push was asked for a way into doccano that khabar does not have."),
    ("E366", "the database route needs a doccano server khabar runs at {url}", "`push --route database` writes in the server's database (khabar's server jobs); start the server with `khabar doccano up`, or push with --route upload."),
    ("E367", "project {project!r} has no span label(s) {labels} and the database route creates none", "The database route adds no label types; create them with `khabar doccano project create`, or push with --route upload --allow-new-labels."),
    ("E368", "--base-model must be a BiLSTM-CRF (`khabar train entities` without --arch); a CRF is trained from the base sources with --arch crf", "`doccano refresh` continues the training of a BiLSTM-CRF only; a CRF model file was given."),
    ("E369", "--arch must be bilstm or crf, and --base-model goes with bilstm only", "`doccano refresh` was given an entity architecture it does not have, or a base model the CRF cannot continue."),
    ("E370", "doccano's export of project {project} failed {attempts} times", "An export kept failing on the server; the last error is given."),
    ("E380", "doccano's celery worker stopped while task {task_id} was waiting", "The worker died during an import or export; start it again and push again."),
    ("E381", "another push or refresh of project {project!r} is running (pid {pid})", "A push or refresh waited longer than the lock timeout for another one on the same project (or campaign) to end."),
    ("E382", "batch {batch} of project {project!r} is incomplete after its import", "The server holds fewer examples or labels than were pushed; push again to repair."),
    ("E383", "the doccano server job {job!r} failed: {error}", "A job khabar runs in doccano's environment (hand-over, census) failed or stopped."),
    ("E384", "document {doc_id!r} has an empty text", "doccano refuses an example with no text; a push checks every text before anything is sent."),
    ("E385", "document id {doc_id!r} appears again with another text or other annotations", "Two records of one push share an id but differ: the later would be dropped silently."),
    ("E386", "project name {name!r} has {length} characters; doccano takes at most {limit}", "A doccano project name (a routed campaign's NAME--annotator too) is longer than doccano allows."),
    ("E387", "{what} has {length} characters; doccano's login form takes at most {limit}", "A doccano user name or password is longer than doccano's login page accepts: the user would be created but could never log in (the form keeps its button disabled)."),
    ("E390", "--per-document must be between 1 and the number of annotators ({count}), found {found}", "A routed push asked for more annotators per document than it names, or fewer than one."),
    ("E391", "--shared must be a fraction between 0 and 1, found {found}", "The fraction of documents every annotator sees is not in [0, 1]."),
    ("E392", "routing needs unique annotator names, found {found}", "A routed push names no annotator, names one twice, or its record names one it does not."),
    ("E393", "campaign {campaign!r} was routed with other options: {difference}", "A second routed push of a campaign changed its annotators, --per-document or --shared; the first push's options stay."),
    ("E394", "the campaign record is damaged ({reason})", "The state folder's record of a routed campaign cannot be read; restore it or push to a new campaign."),
    ("E395", "routing options without a routed push: {reason}", "--shared or --per-document was given without what a routed push needs (--annotators, --per-document)."),
    ("E396", "the export of project {project!r} holds no file for its annotator {annotator!r}", "An annotator of a routed campaign is no longer a member of their project."),
    ("E397", "doccano example {example} does not hold the text of document {doc_id!r}", "A simulated annotator was given a gold document for an example with another text (its offsets would mean other words)."),
    ("E398", "the project has no label type {label} for document {doc_id!r}", "A simulated annotator's document uses a span label or relation type the doccano project lacks."),
    ("E399", "project {project!r} is in collaborative mode", "A simulated annotator labels only in individual mode: in a collaborative project its labels would replace everyone's."),
    # --- E4xx extractors ------------------------------------------------------------------------------------------
    ("E401", "word clusters file not found", "The word clusters file is missing."),
    ("E402", "not a khabar clusters file (expected format {format})", "A file is not a word clusters file, or a line of it has the wrong fields."),
    ("E403", "{name} is not a JSON array of articles: {reason}", "A clusters training source is not readable."),
    ("E404", "no text to learn word clusters from", "Clusters were asked of an empty corpus."),
    ("E405", "the quote lexicon is not valid JSON", "The quote lexicon is not valid JSON."),
    ("E406", "the quote lexicon must be an object with a 'verbs' list", "The quote lexicon has no verbs."),
    ("E407", "a nominal cue needs a non-empty 'tokens' list, found {entry!r}", "A nominal cue of the quote lexicon is malformed."),
    ("E408", "{name} must be a list of [open, close] pairs", "The quote lexicon's quotation marks are malformed."),
    ("E409", "participle_only must be a list of objects with 'perfect' and 'participle' strings", "The quote lexicon's participles are malformed."),
    ("E410", "no gazetteer folder: set KHABAR_GAZETTEER_DIR (or pass --gazetteer)", "The gazetteer folder is not found."),
    ("E411", "gazetteer file missing (expected {filename} in the folder)", "A gazetteer file is missing."),
    ("E412", "{name} must be a list of strings", "A quote-lexicon entry that should list words does not."),
    ("E413", "a verb needs 'perfect' and 'imperfect' strings, found {entry!r}", "A verb of the quote lexicon is malformed."),
    ("E414", "'object' must be complement, nominal or colon, found {obj!r}", "A verb of the quote lexicon has an unknown object kind."),
    ("E415", "the quote lexicon file does not exist", "The quote lexicon file given does not exist."),
    ("E416", "the cue list file does not exist", "The reviewed cue list given with --cues does not exist."),
    ("E417", "not a khabar cue list: {reason}", "A --cues file is not valid JSON or not a list written by `khabar train cues`."),
    ("E418", "a cue-list entry is malformed: {reason}", "An entry of a reviewed cue list has a missing or wrong field."),
    ("E419", "no text to mine cues from in {corpora}", "`khabar train cues` found no article text in its corpora."),
    ("E420", "training file not found", "An entity training file does not exist."),
    ("E430", "no CRF model here", "The CRF model file does not exist."),
    ("E431", "not a khabar CRF model: {reason}", "A file is not a khabar CRF model."),
    ("E432", "no training sentences: the input holds no documents with text", "Entity training got no sentences."),
    ("E433", "no BiLSTM-CRF model here", "The BiLSTM-CRF model file does not exist, or `doccano refresh --base-model` names a pipe (a model is a file or a folder)."),
    ("E434", "damaged khabar BiLSTM-CRF model: {reason}", "A BiLSTM-CRF model file is damaged."),
    ("E435", "training diverged (loss per epoch: {losses}); lower the learning rate", "BiLSTM-CRF training diverged."),
    ("E436", "no entity in the training data: a recogniser cannot learn labels from none", "Entity training data holds no entity at all (every token tagged O, or every entity dropped by --map-label ... =O or the weights): the model would tag nothing."),
    ("E437", "every token of the training data is inside an entity: a recogniser cannot learn where an entity ends; add sentences with untagged words", "Entity training data has no token outside an entity (a one-line CoNLL file of a name): the model would tag every word."),
    ("E440", "camel-tools' NER needs torch and transformers ({reason})", "camel-tools' NER dependencies are missing."),
    ("E441", "camel-tools could not load its data catalogue from {data}", "camel-tools' data catalogue is unreadable."),
    ("E442", "no camel-tools NER model here", "camel-tools' NER model is not installed."),
    ("E443", "cannot load the NER model: {reason}", "camel-tools' NER model failed to load."),
    ("E444", "no quote model here (train one with `khabar train quotes GOLD --out MODEL`)", "The quote model file does not exist."),
    ("E445", "not a khabar quote model: {reason}", "A file is not a khabar quote model, is damaged, or was written by another version."),
    ("E446", "no quotes to learn from: the training gold holds no quote", "Quote-model training got gold documents without a single quote."),
    ("E447", "every token of the training gold is inside a quote's content: the model cannot learn where a quote ends; add text outside the quotes", "Quote-model training gold has quotes whose contents cover every word (a one-sentence document that is all quote): the model would call every word a quote."),
    ("E450", "expected PATH or PATH:WEIGHT with WEIGHT a positive number, found {spec!r}", "An entity training source's weight is not a positive number."),
    ("E451", "expected FROM=TO with two entity labels (TO may be O), found {spec!r}", "A label mapping (--map-label of train entities or gold from-conll) is malformed or maps a label twice."),
    ("E452", "--map-label names {labels}, which no source holds", "A label mapping names a label that none of the training sources holds (a misspelling?)."),
    ("E453", "label {label} of this source is not among the entity labels", "An entity training source has a label other than PERS, ORG, LOC and MISC once --map-label is applied (another tag set's PER, MIS or GPE): map it to one of them or drop it with LABEL=O, or the model would suggest labels doccano's projects and the gold validator refuse."),
    ("E470", "no such clusters corpus", "A --clusters-corpus of `khabar train entities` does not exist."),
    ("E471", "no word occurs {min_count} times or more in the {tokens:,} words read: nothing to learn clusters of; give more text, or lower --min-count of `khabar train clusters`", "Word clusters were asked of a corpus so small that word2vec, which keeps only words seen --min-count times, has no word left."),
    # --- E5xx evaluation ------------------------------------------------------------------------------------------
    ("E501", "document id repeated in the {side} ({where})", "An id appears twice in the gold or the predictions."),
    ("E502", "the predicted text differs from the gold text from character {position} on", "A prediction's text is not its gold document's text."),
    ("E503", "{side} entity [{start}, {end}) is empty or outside the text ({length} characters)", "An entity span is reversed, empty or out of range."),
    ("E504", "{side} {role} span [{start}, {end}) is empty or outside the text ({length} characters)", "A quote span is reversed, empty or out of range."),
    ("E505", "the gold file holds no document: there is nothing to score against", "The gold file given to evaluate is empty, or holds only blank lines."),
    # --- E6xx agreement, adjudication and releases ----------------------------------------------------------------
    ("E601", "agreement and adjudication need at least {minimum} annotator files, got {count}", "Too few annotator files."),
    ("E602", "document id appears twice in one annotator's file (first on line {first})", "An annotator file repeats a document id."),
    ("E603", "the annotator file holds no documents", "An annotator file is empty."),
    ("E604", "one file must hold one annotator's work, found annotators {annotators}", "An annotator file mixes annotators."),
    ("E605", "annotator {name!r} is named by two files: {a} and {b}", "Two files name the same annotator."),
    ("E606", "the text differs from the text of the same document in {where}", "Annotators labelled different texts under one id."),
    ("E607", "no document id appears in two annotator files, so there is nothing to compare", "The annotator files share no document."),
    ("E610", "the preferred adjudicator {name!r} has no file; annotators are {annotators}", "prefer:NAME names no annotator."),
    ("E611", "unknown strategy {strategy!r}; use 'majority' or 'prefer:NAME'", "An unknown adjudication strategy."),
    ("E612", "--min-votes must be between 1 and the number of voting annotators ({count}), got {found}", "An impossible vote threshold."),
    ("E620", "document id appears twice in the gold file", "A gold file to release repeats a document id."),
    ("E621", "the gold file holds no documents; there is nothing to release", "The gold file to release is empty."),
    ("E622", "a version is 'v' and a number (v1, v2, v1.2), got {version!r}", "A release version is malformed."),
    ("E623", "the gold file does not exist", "The gold file to release does not exist, or is a folder, or a pipe given to the library's release() (the command copies a pipe first)."),
    ("E624", "version {version} is already released; released versions are never overwritten, pick a new one", "A released version is never overwritten."),
    ("E625", "the gold file changed while it was being released; try again", "The gold file changed during a release."),
    ("E626", "not a JSON file of agreement figures ({reason})", "The agreement figures given to a release are not a JSON object."),
    # --- E7xx statistics and pictures -----------------------------------------------------------------------------
    ("E701", "no such corpus or gold file", "A file to count does not exist."),
    ("E702", "expected the article text as a string, found {found}", "A record to count has no string text."),
    ("E703", "span [{start}, {end}) is not inside the text of {length} characters", "A span of a file to count falls outside its text."),
    ("E704", "the sample for types per n tokens must be a whole number of tokens, at least 1, not {found!r}", "The sample size of the report's size-independent vocabulary figure is not a positive whole number."),
    ("E705", "given twice, as {other} and as {given}: its records would be counted twice", "One file to count is given twice: named twice (perhaps under two spellings or through a link), or named and redirected to standard input (-)."),
    ("E710", "unknown scheduler {spec!r}", "An unknown Dask scheduler specification."),
    ("E711", "cannot reach the Dask scheduler at {address}: {reason}", "The Dask scheduler does not answer."),
    ("E720", "the versions to compare have different texts", "Annotator versions of one document differ in text."),
    ("E721", "render_annotators needs at least one annotator's version of the document", "Nothing to render."),
    ("E730", "another `khabar doccano up` or `down` has held this state folder for {seconds} s", "Two up/down commands on one state folder: the second waited longer than the lock timeout."),
)


class UnregisteredCode(AssertionError):
    """A programming error: an error was raised with a code missing from :data:`ERRORS`."""


def explain(code: str) -> str:
    """The one-line explanation of a code (``KeyError`` for an unknown one)."""
    return ERRORS[code].explanation


class KhabarError(Exception):
    """Base class of every error khabar raises on purpose.

    ``message`` defaults to the code's template filled with ``fields``; the
    location (``path``, ``line``, ``field``, ``doc_id``) is kept apart from the
    message so that programs can read it and :attr:`where` can print it.
    :attr:`where` names the file as it was given (:attr:`path_as_given`): a
    ``Path`` drops the ``./`` of ``./gold.jsonl``, which the person who typed
    it should find again in the error.
    """

    def __init__(
        self,
        code: str,
        message: str | None = None,
        *,
        path: str | PathLike[str] | None = None,
        line: int | None = None,
        field: str | None = None,
        doc_id: str | None = None,
        **fields: Any,
    ) -> None:
        entry = ERRORS.get(code)
        if entry is None:
            raise UnregisteredCode(f"error code {code!r} is not in khabar.errors.ERRORS: register it there")
        if message is None:
            message = entry.format(**fields)
        elif fields:
            raise TypeError(f"{code}: give either a message or the template's fields, not both")
        self.code = code
        self.message = message
        self.path_as_given: str | None  # set by the setter of path
        self.path = path
        self.line = line
        self.field = field
        self.doc_id = doc_id
        super().__init__(str(self))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by code, message and location (errors cross process boundaries in Dask and multiprocessing)."""
        return (type(self), (self.code, self.message), self.__dict__)

    @property
    def path(self) -> Path | None:
        """The file the error is in (``None`` when it is in none); :attr:`path_as_given` spells it as given."""
        return Path(self.path_as_given) if self.path_as_given is not None else None

    @path.setter
    def path(self, value: str | PathLike[str] | None) -> None:
        self.path_as_given = os.fspath(value) if value is not None else None

    @property
    def explanation(self) -> str:
        """What the code means, from :data:`ERRORS`."""
        return ERRORS[self.code].explanation

    @property
    def where(self) -> str:
        """``file:line`` (or whatever part of it is known), then the document and field."""
        parts: list[str] = []
        if self.path_as_given is not None:
            parts.append(f"{self.path_as_given}:{self.line}" if self.line is not None else self.path_as_given)
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.doc_id is not None:
            parts.append(f"document {self.doc_id!r}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where
        return f"[{self.code}] {where}: {self.message}" if where else f"[{self.code}] {self.message}"


class InputError(KhabarError, ValueError):
    """The input is malformed: a broken line, a missing field, an offset out of range."""


class ConfigError(KhabarError, RuntimeError):
    """Something khabar needs is missing or misconfigured (a data package, a server, a password)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Bad input that is reported rather than raised, with everything needed to find it.

    The one record of a problem everywhere khabar lists problems instead of
    stopping at the first: the gold validator (file, line, document, field and
    the span's text), the corpus readers (``reason``, the import summary's
    counter, and whether the rest of the file is skipped) and the doccano pull
    (``annotator`` and doccano's ``example_id``). :meth:`to_error` makes it an
    :class:`InputError` for callers that stop at the first one.
    """

    code: str
    message: str
    path: str | None = None
    line: int | None = None
    doc_id: str | None = None
    field: str | None = None
    span_text: str | None = None
    annotator: str | None = None
    example_id: int | None = None
    reason: str | None = None
    fatal_for_file: bool = False

    @classmethod
    def from_error(cls, error: KhabarError, **details: Any) -> Problem:
        """The problem an error describes, ``details`` (``reason``, ``annotator``, ...) added."""
        return cls(error.code, error.message, error.path_as_given, error.line, error.doc_id, error.field, **details)

    @property
    def error(self) -> InputError:
        """The problem as an exception (the same as :meth:`to_error`)."""
        return self.to_error()

    def to_error(self) -> InputError:
        """The problem as an exception, for callers that stop at the first one."""
        text = f" {self.span_text!r}" if self.span_text is not None else ""
        return InputError(self.code, f"{self.message}{text}", path=self.path, line=self.line, field=self.field,
                          doc_id=self.doc_id)

    def to_dict(self) -> dict[str, Any]:
        """The fields that are set (``None`` and a false ``fatal_for_file`` left out), for JSON reports."""
        return {k: v for k, v in asdict(self).items() if v is not None and v is not False or k in _ALWAYS}

    def __str__(self) -> str:
        """``[code] file:line, document 'id', field 'f': message 'span text'``, with the annotator and example when known."""
        who = [f"annotator {self.annotator!r}"] if self.annotator is not None else []
        if self.example_id is not None:
            who.append(f"example {self.example_id}")
        error = self.to_error()
        if not who:
            return str(error)
        where = ", ".join([*who, error.where] if error.where else who)
        return f"[{self.code}] {where}: {error.message}"


#: Keys :meth:`Problem.to_dict` always writes, set or not (what ``khabar gold validate --json`` has always given).
_ALWAYS = frozenset({"code", "message", "path", "line", "doc_id", "field", "span_text"})


def main() -> None:
    """Print every registered code, its template and explanation (``python -m khabar.errors``)."""
    for entry in ERRORS.values():
        print(f"{entry.code}  {entry.explanation}\n      {entry.template}")


if __name__ == "__main__":
    main()
