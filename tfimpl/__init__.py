"""TensorFlow twin: the same modules and names as `scratch`, computed with TensorFlow —
tf ops for forward passes, `tf.GradientTape` for every backward, Keras optimizers for updates.

Conventions (layout conversions, weights file, datasets, input checks) come from `scratch`'s
NumPy-only modules; nothing here calls scratch's math.
"""
