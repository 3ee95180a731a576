"""SPIN VIG transcode service: renditions, posters, scrub previews and clips."""
