// Entry point of build/cldcert: hands argv to the command line.
#include "harness/command_line.h"

int main(int argc, char** argv) { return cldcert::run_command_line(argc, argv); }
