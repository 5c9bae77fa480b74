console.log('argv', process.argv);
