// Runs the hosted-app example (see HostedAppProgram.cs): against the GreenPT API when an API key is configured, else
// offline against the GreenPT emulator started in-process. Flags: --verbose (the client's one-line-per-request logs, on
// stderr), --offline (use the emulator even when a key is configured). Ctrl+C stops it.
using System.Text;
using HostedApp;

Console.OutputEncoding = Encoding.UTF8; // for "µgCO2e"

return await HostedAppProgram.RunAsync(args, Console.Out, CancellationToken.None);
