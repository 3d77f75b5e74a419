"""`dl-parity train`, one module per job:

- options.py          the command's arguments: registered once on the `dl-parity` parser from the
                      course vocabulary, the course's settings per model, and the numeric option
                      types (a bad value is an argparse error naming the option, range and value)
- tasks.py            the training sets: cat (course files or built-in), flower, the extra planar
                      sets, football
- config.py           arguments -> Config: data, layer sizes, activations, and the initial
                      parameters every implementation starts from (made once, in NumPy, by the
                      course's initialiser)
- implementations.py  per model, the ONE call of a twin's training entry point (or of the Keras
                      fit path), and the cost and predictions at the trained parameters
- trainer.py          the generic trainer: one entry-point call per implementation, its
                      progress(i, cost) callback drawing the bar and recording the curve, a
                      diverging run stopped with the project's message
- minibatch.py         --optimizer, --mini-batch, --beta*, --epsilon, --decay*, --epochs, --save,
                      --resume: mini-batch training by each twin's optimization.model
- progress.py         the progress bar
- summary.py          the summary table and the twins' differences against the trajectory bound
- command.py          `run(args)`: configure, train, summarise, plot
"""
