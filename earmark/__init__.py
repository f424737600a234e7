"""earmark: an audio content-moderation queue.

The domain package. Entry points (``earmark.cli``, ``worker``) call into it; it calls into
``models``. Nothing here imports an entry point.
"""
