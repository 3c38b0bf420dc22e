pub(crate) use function_impls::impl_function_traits;

mod from_arg;
mod function_impls;
mod get_ownership;
mod into_return;
