// Runs the carbon accounting example (see CarbonAccountingApp.cs), offline against the local GreenPT emulator. Ctrl+C cancels.
using System.Text;
using CarbonAccounting;

Console.OutputEncoding = Encoding.UTF8; // for "µgCO2e"

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let the app stop cleanly instead of killing the process
    cancellation.Cancel();
};

return await CarbonAccountingApp.RunAsync(Console.Out, cancellation.Token);
