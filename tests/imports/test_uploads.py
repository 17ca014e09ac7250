"""The staging store (core.uploads): an upload comes back only to its session and user, intact."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from core.uploads import UploadGone, UploadStore, upload_dir


@pytest.fixture
def store(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)
    return UploadStore("test_uploads")


def _request(user_pk=1, session=None):
    request = RequestFactory().get("/")
    request.session = {} if session is None else session
    request.user = AnonymousUser()
    request.user.pk = user_pk  # only the pk is compared
    return request


def test_an_upload_comes_back_to_its_session_and_user(store):
    request = _request()
    staged = store.put(request, data=b"a,b\n", meta={"filename": "p.csv"})
    back = store.get(request, staged.token)
    assert (back.data, back.meta, back.sha256) == (b"a,b\n", {"filename": "p.csv"}, staged.sha256)


def test_another_session_another_user_or_altered_bytes_get_nothing(store):
    request = _request()
    staged = store.put(request, data=b"a,b\n", meta={})
    with pytest.raises(UploadGone):
        store.get(_request(), staged.token)  # another session
    with pytest.raises(UploadGone):
        store.get(_request(user_pk=2, session=request.session), staged.token)  # another user
    (upload_dir() / f"{staged.token}.bin").write_bytes(b"x,y\n")
    with pytest.raises(UploadGone):
        store.get(request, staged.token)


def test_a_forgotten_upload_is_gone_from_the_session_and_the_disk(store):
    request = _request()
    staged = store.put(request, data=b"a,b\n", meta={})
    store.forget(request, staged.token)
    assert list(upload_dir().iterdir()) == []
    with pytest.raises(UploadGone):
        store.get(request, staged.token)


def test_a_forged_token_is_refused(store):
    request = _request(session={"test_uploads": ["../../etc/passwd"]})
    with pytest.raises(UploadGone):
        store.get(request, "../../etc/passwd")
