// Runs the retrieval-augmented answer (see RagApp.cs): against the GreenPT API when GREENPT_API_KEY is set, else offline
// against the local emulator. Ctrl+C cancels.
using System.Text;
using Rag;

Console.OutputEncoding = Encoding.UTF8; // for "µgCO2e"

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await RagApp.RunAsync(Console.Out, Environment.GetEnvironmentVariable("GREENPT_API_KEY"), cancellation.Token);
