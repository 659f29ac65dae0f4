// Runs the quickstart (see QuickstartApp.cs): against the GreenPT API when GREENPT_API_KEY is set, else offline
// against the local emulator. Ctrl+C cancels.
using System.Text;
using Quickstart;

Console.OutputEncoding = Encoding.UTF8; // for "µgCO2e"

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let the app stop cleanly instead of killing the process
    cancellation.Cancel();
};

return await QuickstartApp.RunAsync(Console.Out, Environment.GetEnvironmentVariable("GREENPT_API_KEY"), cancellation.Token);
