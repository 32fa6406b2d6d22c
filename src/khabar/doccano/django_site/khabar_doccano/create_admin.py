"""Create (or reset) doccano's admin with a password read from stdin, never from the command line.

``doccano createuser --password P`` puts the password in ``/proc/PID/cmdline``,
readable by every local user while it runs. Run as
``python -m khabar_doccano.create_admin USERNAME EMAIL < password`` with the
server's environment (``DJANGO_SETTINGS_MODULE`` and doccano's ``backend`` on
the path).
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    username, email = argv
    password = sys.stdin.readline().rstrip("\n")
    if not password:
        print("no password on stdin", file=sys.stderr)
        return 2
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.save()
    print(f"{'created' if created else 'updated'} admin user {username}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
