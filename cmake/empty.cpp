// Placeholder source for a module library whose folder has no .cpp yet.
