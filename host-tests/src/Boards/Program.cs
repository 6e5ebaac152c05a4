using Boards;

// boards: validate the board files and generate the firmware's board C# from them.
//   boards validate [--boards DIR]              check every boards/*.json; exit 1 on any finding
//   boards generate [--boards DIR] [--out DIR]  (re)write firmware/VirtioFirmware/Boards/*.g.cs
//   boards generate --check                     exit 1 if the checked-in generated files are stale
//   boards list                                 print the board ids and their nanoff targets
return BoardsCommand.Run(args, Console.Out, Console.Error);
