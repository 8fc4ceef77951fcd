"""System check: notices are printed in a CJK font, so one must be installed
(STYLE.md: a missing CJK font is caught at start-up; scripts/system-deps.sh installs
fonts-noto-cjk)."""
import shutil
import subprocess

from django.core.checks import Error, register
from django.utils.translation import gettext_lazy as _


def cjk_fonts() -> list[str]:
    """Families fontconfig offers for Chinese (`fc-list :lang=zh family`)."""
    if shutil.which("fc-list") is None:
        return []
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                            check=False).stdout
    return sorted({line.split(",")[0].strip() for line in listed.splitlines() if line.strip()})


@register()
def cjk_font_installed(app_configs, **kwargs):
    if cjk_fonts():
        return []
    return [Error(_("No CJK font is installed: public notices would print Chinese names as "
                    "empty boxes."),
                  hint=_("Run scripts/system-deps.sh (installs fonts-noto-cjk)."),
                  id="notices.E001")]
