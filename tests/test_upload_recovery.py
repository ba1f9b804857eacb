"""Uploads keep their bytes until the index has them (issue 16, item 1): a web upload killed mid-write
is finished by the next start, even though the upload's temporary file is gone by then."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import cli_env

PAPER = {
    "id": "2501.00042",
    "title": "Sourdough Fermentation Kinetics",
    "abstract": "We model sourdough rise with graph networks. Rise time is predicted within 8 minutes.",
}
UPLOAD = """
import sys
from rag.settings import Settings
from rag.web.service import ChatService
ChatService(Settings(store_dir=sys.argv[1])).add_files([sys.argv[2]])
"""


def test_an_upload_killed_mid_write_is_finished_at_the_next_start(tmp_path):
    from rag.settings import Settings
    from rag.web.service import ChatService

    store_dir = tmp_path / ".rag"
    temporary = tmp_path / "gradio-tmp" / "upload.jsonl"  # where Gradio keeps an upload, for a while
    temporary.parent.mkdir()
    temporary.write_text(json.dumps(PAPER) + "\n", encoding="utf-8")
    killed = subprocess.run(
        [sys.executable, "-c", UPLOAD, str(store_dir), str(temporary)],
        env=cli_env(store_dir, RAG_TEST_KILL_AT="new-chunks-written"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -9, killed.stderr
    temporary.unlink()  # Gradio's copy is gone after the crash; before, so was the paper

    service = ChatService(Settings(store_dir=store_dir))
    [outcome] = service.finish_uploads()
    # the killed write had put the new paper whole into Chroma: it is kept, so it may count as already in
    assert outcome.name == "upload.jsonl" and not outcome.rejected and outcome.added + outcome.unchanged == 1
    assert [p.id for p in service.papers()] == [PAPER["id"]]
    assert list(service.upload_dir.iterdir()) == []  # removed once the index has it
    assert service.finish_uploads() == []
