"""How passwords are stored: Argon2id at the parameters OWASP's Password Storage Cheat Sheet
recommends (19 MiB of memory, 2 passes, 1 lane).

Django's own defaults (PBKDF2 with a million rounds, or Argon2 with 100 MiB and 8 lanes) cost
about 0.2 s of a core for every sign-in: on a two-core server, a room of ALTs signing in at a
training day kept the processors busy with hashing, and the site slowed for every reader. These
parameters cost about 22 ms and resist guessing on graphics cards as well (memory-hard). A
password stored by an earlier hasher still works and is stored again this way at its next
sign-in (Django's must_update).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
