"""Static check of an example against the installed (pinned) libraries, without running it.

Reported, each with the page and the page's line:
- an import that does not resolve (no such module, no such name in it);
- an import of a class through a deprecated alias (a subclass of the same name that the library
  also exports from its top level, as TRL does for promoted trainers such as KTO);
- a keyword argument that the called class or function does not accept. Calls are resolved for
  names imported from the checked libraries, attributes of them (``AutoModel.from_pretrained``), and
  methods of variables assigned from such calls (``trainer = SFTTrainer(...)``; ``trainer.train(...)``).
  Where the signature ends in ``**kwargs``, the accepted names are the ones the function's source
  takes out of ``kwargs``; for ``from_pretrained`` of a model, those of ``PreTrainedModel.from_pretrained``
  and the attributes of ``PreTrainedConfig`` (``num_labels=3`` goes to the config).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from dataclasses import dataclass

from .blocks import MODEL_LIBRARIES, Block

CHECKED = ("transformers", "trl", "peft", "datasets", "accelerate", "bitsandbytes")
KWARG_USE = re.compile(r"""kwargs(?:\.(?:pop|get|setdefault)\(|\[)\s*["'](\w+)["']|["'](\w+)["']\s+(?:not\s+)?in\s+\w*kwargs""")


@dataclass(frozen=True)
class Problem:
    page: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"docs/{self.page}:{self.line}: {self.message}"


def _import(module: str):
    return importlib.import_module(module)


def _resolve_from(module: str, name: str):
    mod = _import(module)
    if hasattr(mod, name):
        return getattr(mod, name)
    try:
        return _import(f"{module}.{name}")  # a submodule
    except ModuleNotFoundError:
        raise ImportError(f"cannot import name {name!r} from {module!r} ({_version(module.split('.')[0])})") from None


def _library(obj) -> str | None:
    module = getattr(obj, "__module__", None) or getattr(obj, "__name__", "")
    top = module.split(".")[0]
    return top if top in CHECKED else None


def _deprecated_alias(module: str, obj) -> str | None:
    """A class re-exported under a non-top-level path as a same-named subclass of a top-level class."""
    if not inspect.isclass(obj):
        return None
    top = module.split(".")[0]
    if module == top or top not in CHECKED:
        return None
    package = _import(top)
    stable = getattr(package, obj.__name__, None)
    if inspect.isclass(stable) and stable is not obj and issubclass(obj, stable):
        return f"from {top} import {obj.__name__}"
    return None


def _kwargs_names(func) -> set[str]:
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return set()
    return {a or b for a, b in KWARG_USE.findall(source)}


def accepted_keywords(func, _model_extras: bool = True) -> tuple[set[str], bool]:
    """(names, open): open means anything is accepted and the call cannot be checked."""
    target = func
    if inspect.isclass(func):
        target = func.__init__
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return set(), True
    names = {
        p.name
        for p in signature.parameters.values()
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    }
    if not any(p.kind == p.VAR_KEYWORD for p in signature.parameters.values()):
        return names, False
    names |= _kwargs_names(target)
    if inspect.isclass(func):
        # **kwargs passed up to the base classes' __init__, as far as they take **kwargs too
        for base in func.__mro__[1:]:
            if "__init__" not in vars(base):
                continue
            if base.__module__.split(".")[0] not in CHECKED:
                break
            try:
                parameters = inspect.signature(base.__init__).parameters.values()
            except (TypeError, ValueError):
                break
            names |= {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
            names |= _kwargs_names(base.__init__)
            if not any(p.kind == p.VAR_KEYWORD for p in parameters):
                break
    name = getattr(func, "__name__", "")
    owner = getattr(func, "__self__", None)
    if _model_extras and name == "from_pretrained" and inspect.isclass(owner) and _library(owner) == "transformers":
        from transformers import PreTrainedModel

        try:
            from transformers import PreTrainedConfig as Config
        except ImportError:  # older name
            from transformers import PretrainedConfig as Config
        names |= accepted_keywords(PreTrainedModel.from_pretrained, False)[0]
        names |= {p for p in inspect.signature(Config.__init__).parameters}
        names |= {n for n in dir(Config) if not n.startswith("_")}
        names |= _kwargs_names(Config.__init__)
    if not names - {"self", "cls", "args", "kwargs"} and not _kwargs_names(target):
        return names, True
    return names, False


@dataclass(frozen=True)
class Instance:
    """A variable holding an instance of cls (attributes set in __init__ are not known statically)."""

    cls: type


class Checker(ast.NodeVisitor):
    def __init__(self, block: Block, all_imports: bool):
        self.block = block
        self.all_imports = all_imports
        self.symbols: dict[str, object] = {}  # name -> imported object
        self.instances: dict[str, Instance] = {}  # variable -> class of the value assigned
        self.problems: list[Problem] = []

    def report(self, node, message):
        self.problems.append(Problem(self.block.page, self.block.line + node.lineno - 1, message))

    def _checked_import(self, module: str) -> bool:
        return self.all_imports or module.split(".")[0] in MODEL_LIBRARIES

    def visit_Import(self, node):
        for alias in node.names:
            if not self._checked_import(alias.name):
                continue
            try:
                obj = _import(alias.name)
            except ImportError as error:
                self.report(node, f"import {alias.name}: {error}")
                continue
            if alias.asname:
                self.symbols[alias.asname] = obj
            else:
                self.symbols[alias.name.split(".")[0]] = _import(alias.name.split(".")[0])

    def visit_ImportFrom(self, node):
        if node.level or not node.module or not self._checked_import(node.module):
            return
        for alias in node.names:
            try:
                obj = _resolve_from(node.module, alias.name)
            except ImportError as error:
                self.report(node, f"from {node.module} import {alias.name}: {error}")
                continue
            except Exception as error:  # a library's import-time error is a failure too
                self.report(node, f"from {node.module} import {alias.name}: {type(error).__name__}: {error}")
                continue
            better = _deprecated_alias(node.module, obj)
            if better:
                self.report(node, f"from {node.module} import {alias.name}: deprecated import path, use `{better}`")
            self.symbols[alias.asname or alias.name] = obj

    def resolve(self, node):
        """The object an expression names, if it is (an attribute of) something imported, else None."""
        if isinstance(node, ast.Name):
            if node.id in self.symbols:
                return self.symbols[node.id]
            if node.id in self.instances:
                return self.instances[node.id]
            return None
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value)
            if base is None:
                return None
            if isinstance(base, Instance):
                member = inspect.getattr_static(base.cls, node.attr, None)
                return getattr(base.cls, node.attr) if inspect.isfunction(member) else None
            if not hasattr(base, node.attr):
                if inspect.ismodule(base) or inspect.isclass(base) and _library(base):
                    self.report(node, f"{ast.unparse(node)}: {getattr(base, '__name__', base)} has no attribute {node.attr!r}")
                return None
            return getattr(base, node.attr)
        return None

    def visit_Assign(self, node):
        self.generic_visit(node)
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Call):
            func = self.resolve(node.value.func)
            cls = None
            if inspect.isclass(func):
                cls = func
            elif inspect.ismethod(func) and inspect.isclass(func.__self__) and func.__name__ == "from_pretrained":
                owner = func.__self__
                if not owner.__name__.startswith("Auto"):
                    cls = owner
            if cls is not None and _library(cls):
                self.instances[node.targets[0].id] = Instance(cls)
            else:
                self.instances.pop(node.targets[0].id, None)

    def visit_Call(self, node):
        self.generic_visit(node)
        func = self.resolve(node.func)
        if func is None or not callable(func) or not _library(func):
            return
        keywords = [k.arg for k in node.keywords if k.arg is not None]
        if not keywords:
            return
        names, open_ = accepted_keywords(func)
        if open_:
            return
        for keyword in node.keywords:
            if keyword.arg is not None and keyword.arg not in names:
                self.report(keyword, f"{ast.unparse(node.func)}() has no keyword argument {keyword.arg!r} "
                                     f"({_library(func)} {_version(_library(func))})")


def _version(library: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version({"sklearn": "scikit-learn"}.get(library, library))
    except PackageNotFoundError:
        return "not installed"


def check(block: Block) -> list[Problem]:
    """Problems of one block; ``all_imports``: every import must resolve (not only model libraries)."""
    tree = ast.parse(block.code)
    checker = Checker(block, all_imports=block.kind != "parse")
    checker.visit(tree)
    return checker.problems
