"""The service: webhook doors, inbox and worker, scheduler, settings and the command line."""
