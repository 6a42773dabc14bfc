"""tf.app.flags / tf.flags: command-line flags with absl.flags' API and error classes.

A small self-contained FlagValues, not absl itself, so `import tfsess` needs no extra package:
flags parse GNU-style (flags and positional arguments may mix, `--` ends the flags), booleans take
`--name`, `--noname` or `--name=true|false`, and reading a flag before parsing raises
UnparsedFlagAccessError, as absl does.
"""
from __future__ import annotations

import sys


class Error(Exception):
    """Base class of the flag errors (absl.flags.Error)."""


class DuplicateFlagError(Error):
    """A flag of this name is defined already."""


class IllegalFlagValueError(Error):
    """A flag's value does not parse or is out of bounds."""


class UnrecognizedFlagError(Error):
    """The command line names a flag that is not defined."""


class UnparsedFlagAccessError(Error):
    """A flag was read before the command line was parsed."""


class ValidationError(Error):
    """A required flag is missing or a validator rejected a value."""


_TRUE = ("true", "t", "1", "yes", "y")
_FALSE = ("false", "f", "0", "no", "n")


def _parse_bool(text):
    if isinstance(text, bool):
        return text
    lowered = str(text).lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"Non-boolean argument to boolean flag: {text!r}")


def _bounded(convert, lower, upper):
    def parse(text):
        value = convert(text)
        if lower is not None and value < lower:
            raise ValueError(f"{value} is less than the lower bound {lower}")
        if upper is not None and value > upper:
            raise ValueError(f"{value} is greater than the upper bound {upper}")
        return value
    return parse


def _parse_list(text):
    if isinstance(text, (list, tuple)):
        return list(text)
    return [item.strip() for item in str(text).split(",") if item.strip()]


class Flag:
    """One flag: its name, parser, default, help text and current value."""

    def __init__(self, name, default, help_text, parser, boolean=False, multi=False):
        self.name = name
        self.help = help_text
        self.parser = parser
        self.boolean = boolean
        self.multi = multi
        self.present = 0
        self.default = None if default is None else self._convert(default, from_default=True)
        self.value = self.default

    def _convert(self, text, from_default=False):
        if self.multi:
            items = text if isinstance(text, (list, tuple)) else [text]
            return [self.parser(item) for item in items]
        return self.parser(text)

    def parse(self, text):
        """Sets the value from command-line text (a multi flag appends); IllegalFlagValueError if bad."""
        try:
            value = self._convert(text)
        except (TypeError, ValueError) as exc:
            raise IllegalFlagValueError(f"flag --{self.name}={text}: {exc}") from None
        if self.multi and self.present:
            self.value = self.value + value
        else:
            self.value = value
        self.present += 1


class FlagValues:
    """The registry of defined flags (absl.flags.FlagValues); FLAGS is the process-wide one."""

    def __init__(self):
        object.__setattr__(self, "_flags", {})
        object.__setattr__(self, "_parsed", False)
        object.__setattr__(self, "_required", [])

    def __getattr__(self, name):
        flags = self.__dict__["_flags"]
        if name not in flags:
            raise AttributeError(name)
        if not self.__dict__["_parsed"]:
            raise UnparsedFlagAccessError(f"Trying to access flag --{name} before flags were parsed.")
        return flags[name].value

    def __setattr__(self, name, value):
        if name not in self._flags:
            raise AttributeError(name)
        self._flags[name].value = value

    def __getitem__(self, name):
        return self._flags[name]

    def __contains__(self, name):
        return name in self._flags

    def __iter__(self):
        return iter(self._flags)

    def __len__(self):
        return len(self._flags)

    def __call__(self, argv, known_only=False):
        """Parses argv (argv[0] is the program); returns [argv[0]] + the arguments that are not flags.

        Raises:
          UnrecognizedFlagError: an undefined flag (unless known_only, which keeps it in the result).
          IllegalFlagValueError: a value that does not parse.
        """
        if isinstance(argv, str) or not argv:
            raise TypeError("argv must be a non-empty list of strings, starting with the program name")
        argv = list(argv)
        rest = self._parse(argv[1:], known_only)
        object.__setattr__(self, "_parsed", True)
        self.validate_all_flags()
        return [argv[0]] + rest

    def _parse(self, args, known_only):
        rest, i = [], 0
        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                rest.extend(args[i:])
                break
            if not arg.startswith("-") or arg == "-":
                rest.append(arg)
                continue
            name, has_value, value = arg.lstrip("-").partition("=")
            flag = self._flags.get(name)
            if flag is None and name.startswith("no") and not has_value:
                negated = self._flags.get(name[2:])
                if negated is not None and negated.boolean:
                    negated.parse(False)
                    continue
            if flag is None:
                if known_only:
                    rest.append(arg)
                    continue
                raise UnrecognizedFlagError(f"Unknown command line flag '{name}'")
            if not has_value:
                if flag.boolean:
                    value = True
                elif i < len(args):
                    value, i = args[i], i + 1
                else:
                    raise IllegalFlagValueError(f"Flag --{name} needs a value")
            flag.parse(value)
        return rest

    def is_parsed(self):
        """Whether the command line has been parsed."""
        return self._parsed

    def mark_as_parsed(self):
        """Lets the flags be read with their defaults, without parsing a command line."""
        object.__setattr__(self, "_parsed", True)

    def unparse_flags(self):
        """Resets every flag to its default and marks the flags unparsed."""
        for flag in self._flags.values():
            flag.value, flag.present = flag.default, 0
        object.__setattr__(self, "_parsed", False)

    def validate_all_flags(self):
        """Raises IllegalFlagValueError for a required flag still None."""
        for name in self._required:
            if self._flags[name].value is None:
                raise IllegalFlagValueError(f"flag --{name} must have a value other than None.")

    def flag_values_dict(self):
        """{name: value} of every flag."""
        return {name: flag.value for name, flag in self._flags.items()}

    def get_flag_value(self, name, default):
        """The flag's value, or `default` when no flag of that name exists."""
        return self._flags[name].value if name in self._flags else default

    def register(self, flag):
        """Adds a Flag; DuplicateFlagError if one of that name exists."""
        if flag.name in self._flags:
            raise DuplicateFlagError(f"The flag '{flag.name}' is defined twice.")
        self._flags[flag.name] = flag
        return flag

    def mark_required(self, name):
        """Parsing fails unless the flag ends up with a value other than None."""
        if name not in self._flags:
            raise AttributeError(name)
        self._required.append(name)


FLAGS = FlagValues()


def _define(name, default, help, parser, flag_values, **kwargs):  # noqa: A002 - absl's argument name
    return (FLAGS if flag_values is None else flag_values).register(Flag(name, default, help, parser, **kwargs))


def DEFINE_string(name, default, help, flag_values=None, **_):  # noqa: N802,A002 - absl's names
    """Defines a string flag."""
    return _define(name, default, help, str, flag_values)


def DEFINE_integer(name, default, help, lower_bound=None, upper_bound=None, flag_values=None, **_):  # noqa: N802,A002
    """Defines an integer flag, optionally bounded."""
    return _define(name, default, help, _bounded(int, lower_bound, upper_bound), flag_values)


def DEFINE_float(name, default, help, lower_bound=None, upper_bound=None, flag_values=None, **_):  # noqa: N802,A002
    """Defines a float flag, optionally bounded."""
    return _define(name, default, help, _bounded(float, lower_bound, upper_bound), flag_values)


def DEFINE_boolean(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """Defines a boolean flag (`--name`, `--noname`, `--name=false`)."""
    return _define(name, default, help, _parse_bool, flag_values, boolean=True)


DEFINE_bool = DEFINE_boolean


def DEFINE_enum(name, default, enum_values, help, flag_values=None, **_):  # noqa: N802,A002
    """Defines a string flag restricted to `enum_values`."""
    def parse(text):
        if text not in enum_values:
            raise ValueError(f"value should be one of <{'|'.join(enum_values)}>")
        return text
    return _define(name, default, help, parse, flag_values)


def DEFINE_list(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """Defines a comma-separated list flag."""
    return _define(name, default, help, _parse_list, flag_values)


def DEFINE_multi_string(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """Defines a string flag that may repeat; its value is the list of all occurrences."""
    return _define(name, default, help, str, flag_values, multi=True)


def DEFINE_multi_integer(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """Defines an integer flag that may repeat."""
    return _define(name, default, help, int, flag_values, multi=True)


def DEFINE_multi_float(name, default, help, flag_values=None, **_):  # noqa: N802,A002
    """Defines a float flag that may repeat."""
    return _define(name, default, help, float, flag_values, multi=True)


def mark_flag_as_required(flag_name, flag_values=None):
    """Parsing fails unless the flag gets a value other than None."""
    (FLAGS if flag_values is None else flag_values).mark_required(flag_name)


def mark_flags_as_required(flag_names, flag_values=None):
    """mark_flag_as_required for each name."""
    for name in flag_names:
        mark_flag_as_required(name, flag_values)


def parse_known_args(argv=None):
    """Parses the defined flags out of argv (sys.argv by default), keeping unknown ones in the result."""
    return FLAGS(sys.argv if argv is None else argv, known_only=True)


__all__ = ["DEFINE_bool", "DEFINE_boolean", "DEFINE_enum", "DEFINE_float", "DEFINE_integer", "DEFINE_list",
           "DEFINE_multi_float", "DEFINE_multi_integer", "DEFINE_multi_string", "DEFINE_string",
           "DuplicateFlagError", "Error", "FLAGS", "Flag", "FlagValues", "IllegalFlagValueError",
           "UnparsedFlagAccessError", "UnrecognizedFlagError", "ValidationError", "mark_flag_as_required",
           "mark_flags_as_required"]
