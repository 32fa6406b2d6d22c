"""The doccano bridge: run the server, push articles with pre-annotations, pull annotators' labels as gold.

Modules: :mod:`.server` (the server's lifecycle), :mod:`.client` (a logged-in
API session), :mod:`.project` (project, labels, users), :mod:`.convert` (gold
<-> doccano records, UTF-16 offsets), :mod:`.push` (the push pipeline) with
:mod:`.handover` (how annotators get their copies), :mod:`.census` (each
batch's check), :mod:`.push_state` (lock and journal) and :mod:`.server_jobs`
(Django jobs in the server's environment, :mod:`.django_jobs`), and
:mod:`.pull`; :mod:`.routing` (which annotators get which document) and :mod:`.campaign` (a routed
campaign: one project per annotator, pushed and pulled as one); :mod:`.refresh` (model in the loop: train on
what annotators confirmed, re-suggest what nobody touched, most informative first) with :mod:`.suggestions`
(the fingerprint of what khabar suggested, and what "touched" means). Nothing heavy is imported here, so ``khabar --help`` stays fast.
"""
