"""Failure words for practitioners; details without temporary credentials."""

from spin_transcode.domain.failures import gave_up_reason, scrub


def test_presigned_urls_are_scrubbed_from_details() -> None:
    detail = "http://127.0.0.1:19000/b/k.mp4?X-Amz-Signature=abc: Connection refused"
    assert scrub(detail) == "<source> Connection refused"


def test_gave_up_reason_names_the_stage() -> None:
    assert gave_up_reason("transcode", 4) == (
        "Processing stopped after 4 attempts while converting the video. "
        "Please try again later; if it keeps failing, contact support with the details."
    )
    assert "short of disk space" in gave_up_reason("source", 2, short_of_disk=True)
