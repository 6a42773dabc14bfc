"""The tf.random namespace (compat.v1): seeded random tensors."""
from tfsess.framework import graph_api as _graph_api
from tfsess.ops import candidate_sampling_ops as _sampling
from tfsess.ops import random_ops as _random_ops
from tfsess.ops import stateless_random_ops as _stateless
from tfsess.ops.param_truncated_normal_ops import stateless_parameterized_truncated_normal  # noqa: F401

categorical = _random_ops.categorical
multinomial = _random_ops.multinomial
normal = random_normal = _random_ops.random_normal
uniform = random_uniform = _random_ops.random_uniform
shuffle = random_shuffle = _random_ops.random_shuffle
truncated_normal = _random_ops.truncated_normal
log_uniform_candidate_sampler = _sampling.log_uniform_candidate_sampler
uniform_candidate_sampler = _sampling.uniform_candidate_sampler
learned_unigram_candidate_sampler = _sampling.learned_unigram_candidate_sampler
fixed_unigram_candidate_sampler = _sampling.fixed_unigram_candidate_sampler
all_candidate_sampler = _sampling.all_candidate_sampler
get_seed = _graph_api.get_seed
stateless_uniform = _stateless.stateless_random_uniform
stateless_normal = _stateless.stateless_random_normal
stateless_truncated_normal = _stateless.stateless_truncated_normal
stateless_gamma = _stateless.stateless_random_gamma
stateless_poisson = _stateless.stateless_random_poisson
stateless_categorical = _stateless.stateless_categorical
stateless_multinomial = _stateless.stateless_multinomial
gamma = _random_ops.random_gamma
fold_in = _stateless.fold_in
stateless_binomial = _stateless.stateless_random_binomial
split = _stateless.split
poisson = _random_ops.random_poisson
set_random_seed = _graph_api.set_random_seed

from tfsess.ops import random_generator as _generator  # noqa: E402
Algorithm = _generator.Algorithm
Generator = _generator.Generator
create_rng_state = _generator.create_rng_state
get_global_generator = _generator.get_global_generator
set_global_generator = _generator.set_global_generator
from tfsess.ops import index_shuffle_ops as _index_shuffle  # noqa: E402
import types as _types  # noqa: E402
experimental = _types.SimpleNamespace(
    Algorithm=Algorithm, Generator=Generator, create_rng_state=create_rng_state,
    get_global_generator=get_global_generator, set_global_generator=set_global_generator,
    index_shuffle=_index_shuffle.index_shuffle, stateless_fold_in=fold_in,
    stateless_shuffle=_index_shuffle.stateless_shuffle, stateless_split=split)

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
