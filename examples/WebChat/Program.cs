// Runs the web chat (see WebChatServer.cs): against the GreenPT API when GREENPT_API_KEY is set, else offline against the
// GreenPT emulator started in-process. It listens on 127.0.0.1 only and prints the URL; Ctrl+C stops it.
//
//   dotnet run --project examples/WebChat [-- --port 5180]
using System.Text;
using WebChat;

Console.OutputEncoding = Encoding.UTF8;

try
{
    await using WebChatServer server = await WebChatServer.StartAsync(new WebChatSettings
    {
        Args = args,
        ApiKey = Environment.GetEnvironmentVariable("GREENPT_API_KEY"),
    });

    Console.WriteLine(server.Emulator is null
        ? $"Online: answers come from the GreenPT API at {server.GreenPTEndpoint}."
        : $"Offline: no GREENPT_API_KEY, so answers come from the in-process GreenPT emulator at {server.GreenPTEndpoint}; every figure is simulated.");
    Console.WriteLine($"WebChat is listening on {server.Url} (open it in a browser; Ctrl+C stops it).");
    await server.WaitForShutdownAsync();
    return 0;
}
catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException or Microsoft.Extensions.Options.OptionsValidationException)
{
    // A port in use, an invalid setting: one readable line (the library never puts the key in a message).
    Console.Error.WriteLine($"Error: {ex.Message.ReplaceLineEndings(" ")}");
    return 1;
}
