"""The one compiled part: the XML reader behind getReceipts (kassalink/mplus/_xmltree.c).
Everything else about the package is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "kassalink.mplus._xmltree",
            sources=["kassalink/mplus/_xmltree.c"],
            extra_compile_args=["-O2", "-Wall", "-Wextra", "-Werror=implicit-function-declaration"],
            # Without a compiler the install goes on and parsing runs on lxml alone
            # (slower); CI fails its reader tests if the reader is missing.
            optional=True,
        )
    ]
)
