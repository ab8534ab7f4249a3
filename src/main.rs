// A build allocates many short-lived strings on two threads; mimalloc does that faster than the
// system allocator and returns memory to the OS sooner.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    handbook::cli::main()
}
