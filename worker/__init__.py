"""The Celery entry point: the app, its thin tasks, and the producer API that enqueues them."""
